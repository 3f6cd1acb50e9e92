"""Ingest: turn files, folders, archives, feeds, dumps and URLs into Documents or Rejections."""

from aftermath.ingest.checks import RecordLimits
from aftermath.ingest.fields import parse_mapping
from aftermath.ingest.files import read_article_file, read_jsonl_lines, read_paths
from aftermath.ingest.options import ReadOptions
from aftermath.ingest.sources import read_sources

__all__ = ["ReadOptions", "RecordLimits", "parse_mapping", "read_article_file", "read_jsonl_lines",
           "read_paths", "read_sources"]
