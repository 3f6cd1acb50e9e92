"""Ingest: turn files and dumps into Documents, or Rejections with a reason."""

from aftermath.ingest.files import read_article_file, read_jsonl_lines, read_paths

__all__ = ["read_article_file", "read_jsonl_lines", "read_paths"]
