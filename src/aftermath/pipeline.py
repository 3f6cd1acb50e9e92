"""analyze_document(): Document → spaCy parse → extractors → Analysis, top to bottom.

Extraction is a pure function of one document plus the knowledge base; that is what lets
the same code run in a loop, a process pool or on Dask.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from aftermath.errors import InputError, PipelineError
from aftermath.extract.context import DocContext
from aftermath.knowledge import KnowledgeBase
from aftermath.records import Analysis, Document
from aftermath.registry import extractors

# The default extractors, in order; each may read what the earlier ones produced.
DEFAULT_EXTRACTORS = (
    "actors.kb_rules.v1",
    "events.verb_rules.v1",
    "attributions.cue_rules.v1",
    "claims.cue_rules.v1",
)


def check_pipeline(names: Iterable[str]) -> list[str]:
    """Validate extractor names and their requires/produces order before any document is read."""
    produced: set[str] = set()
    ordered = list(names)
    for name in ordered:
        component = extractors.get(name)
        missing = [kind for kind in component.requires if kind not in produced]
        if missing:
            raise PipelineError(
                f"extractor {name} requires {', '.join(missing)}, which no earlier extractor "
                "produces", code="pipeline.order"
            )
        produced.add(component.produces)
    return ordered


def check_document(document: Document, *, max_chars: int = 1_000_000) -> None:
    if not document.text or not document.text.strip():
        raise InputError("empty text", locator=document.id, code="input.empty")
    if len(document.text) > max_chars:
        raise InputError(
            f"text is {len(document.text)} characters, above the limit of {max_chars}",
            locator=document.id, code="input.too_long",
        )


def analyze_parsed(
    document: Document, doc: Doc, kb: KnowledgeBase,
    names: Iterable[str] = DEFAULT_EXTRACTORS,
) -> Analysis:
    """Run the extractors on an already parsed document."""
    ctx = DocContext(doc, document, kb)
    for name in names:
        component = extractors.get(name)
        ctx.outputs[component.produces] = component.func(ctx)
    return Analysis(
        document=document,
        actors=tuple(ctx.outputs.get("actors", ())),
        events=tuple(ctx.outputs.get("events", ())),
        attributions=tuple(ctx.outputs.get("attributions", ())),
        claims=tuple(ctx.outputs.get("claims", ())),
    )


def analyze_document(
    document: Document, nlp: Language, kb: KnowledgeBase,
    names: Iterable[str] = DEFAULT_EXTRACTORS,
) -> Analysis:
    """Parse one document and extract actors, events, attributions and claims."""
    check_document(document)
    return analyze_parsed(document, nlp(document.text), kb, check_pipeline(names))


def analyze_documents(
    documents: Iterable[Document], nlp: Language, kb: KnowledgeBase, *, batch_size: int = 32,
) -> Iterator[Analysis | InputError]:
    """Analyse many documents with batched parsing; a bad document yields its error, in order."""
    names = check_pipeline(DEFAULT_EXTRACTORS)
    pending: list[Document] = []

    def flush() -> Iterator[Analysis | InputError]:
        good: list[Document] = []
        results: list[Analysis | InputError | None] = []
        for document in pending:
            try:
                check_document(document)
                good.append(document)
                results.append(None)
            except InputError as err:
                results.append(err)
        parsed = iter(zip(good, nlp.pipe(d.text for d in good), strict=True))
        for result in results:
            if result is None:
                document, doc = next(parsed)
                yield analyze_parsed(document, doc, kb, names)
            else:
                yield result
        pending.clear()

    for document in documents:
        pending.append(document)
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()
