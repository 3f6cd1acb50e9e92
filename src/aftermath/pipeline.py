"""analyze_document(): Document → spaCy parse → extractors → Analysis, top to bottom.

Extraction is a pure function of one document plus the knowledge base; that is what lets
the same code run in a loop, a process pool or on Dask.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from aftermath.errors import InputError, PipelineError
from aftermath.extract.context import DocContext
from aftermath.extract.mentions import MentionIndex
from aftermath.knowledge import KnowledgeBase
from aftermath.records import (
    TITLE_SENTENCE,
    ActorRef,
    Analysis,
    Claim,
    ClaimKind,
    Document,
    Span,
)
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


# Claims a headline can carry on its own ("Kremlin blames NATO agents for envoy's killing").
HEADLINE_KINDS = frozenset({ClaimKind.BLAME, ClaimKind.RESPONSIBILITY, ClaimKind.DENIAL})
# A headline's speaker stands in its first few words ("Senior Russian senator: ...").
MAX_HEADLINE_SPEAKER = 6


def _run(ctx: DocContext, names: Iterable[str]) -> None:
    for name in names:
        component = extractors.get(name)
        ctx.outputs[component.produces] = component.func(ctx)


def _in_title(span: Span | None) -> Span | None:
    return None if span is None else dataclasses.replace(span, sentence=TITLE_SENTENCE)


def headline_claims(document: Document, title_doc: Doc, kb: KnowledgeBase,
                    names: Iterable[str]) -> tuple[Claim, ...]:
    """Blame, responsibility and denial claims of the headline, its spans marked as the
    title's (`TITLE_SENTENCE`: offsets into `document.title`).

    A headline is parsed on its own: it lacks final punctuation and often its articles, and
    it is not part of the text the other spans point into. Its claims keep no link to the
    text's events.
    """
    title = Document(id=document.id, text=document.title or "", published=document.published,
                     outlet=document.outlet, language=document.language)
    ctx = DocContext(title_doc, title, kb)
    _run(ctx, names)
    speaker = _headline_speaker(ctx)
    found = []
    for claim in ctx.outputs.get("claims", ()):
        if claim.kind not in HEADLINE_KINDS:
            continue
        if claim.claimant is None and speaker is not None and claim.kind != ClaimKind.DENIAL:
            claim = dataclasses.replace(claim, claimant=speaker, kind=ClaimKind.BLAME)
        found.append(dataclasses.replace(
            claim, content=_in_title(claim.content) or claim.content,
            evidence=_in_title(claim.evidence) or claim.evidence,
            status_evidence=_in_title(claim.status_evidence), incident_event=None))
    return tuple(found)


def _headline_speaker(ctx: DocContext) -> ActorRef | None:
    """"Senior Russian senator: NATO secret services may be behind ...": the actor named
    before a headline's colon says what follows it."""
    colon = next((t for t in ctx.doc if t.text == ":"), None)
    if colon is None or colon.i > MAX_HEADLINE_SPEAKER:
        return None
    index: MentionIndex | None = ctx.outputs.get("mentions")
    if index is None:
        return None
    for token in ctx.doc[: colon.i]:
        mention = index.at(token)
        if mention is not None:
            return index.ref(ctx.doc, mention)
    return None


def _has_headline(document: Document) -> bool:
    """A title worth parsing: present, and not already the text's first line."""
    title = (document.title or "").strip()
    return bool(title) and not document.text.lstrip().startswith(title)


def analyze_parsed(
    document: Document, doc: Doc, kb: KnowledgeBase,
    names: Iterable[str] = DEFAULT_EXTRACTORS, *, title_doc: Doc | None = None,
) -> Analysis:
    """Run the extractors on an already parsed document (and its parsed headline, if given)."""
    names = list(names)
    ctx = DocContext(doc, document, kb)
    _run(ctx, names)
    claims = tuple(ctx.outputs.get("claims", ()))
    if title_doc is not None and "claims.cue_rules.v1" in names:
        claims = headline_claims(document, title_doc, kb, names) + claims
    return Analysis(
        document=document,
        actors=tuple(ctx.outputs.get("actors", ())),
        events=tuple(ctx.outputs.get("events", ())),
        attributions=tuple(ctx.outputs.get("attributions", ())),
        claims=claims,
    )


def analyze_document(
    document: Document, nlp: Language, kb: KnowledgeBase,
    names: Iterable[str] = DEFAULT_EXTRACTORS,
) -> Analysis:
    """Parse one document and extract actors, events, attributions and claims."""
    check_document(document)
    title_doc = nlp(document.title or "") if _has_headline(document) else None
    return analyze_parsed(document, nlp(document.text), kb, check_pipeline(names),
                          title_doc=title_doc)


# A sentence that reaches every extractor (actors, an event, a place, a date, a claim).
WARM_UP = Document(
    id="warm-up", published="2015-11-24",
    title="Kremlin blames Ankara for downing of jet",
    text=("Russia's foreign minister said on Tuesday that Turkish jets shot down a Russian "
          "warplane near Aleppo, and Moscow blamed Ankara for the attack."),
)


def warm_up(nlp: Language, kb: KnowledgeBase) -> None:
    """Analyse one short document so that what extractors build on first use (the
    knowledge base's alias matchers, about 3 s) exists before worker processes fork: they
    share it copy-on-write instead of each building its own (#20)."""
    list(analyze_documents([WARM_UP], nlp, kb))


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
        headed = [d for d in good if _has_headline(d)]
        # Texts and headlines in one pass of the pipeline: a pass has a cost of its own,
        # which a worker's small batches paid twice (#20).
        docs = list(nlp.pipe([d.text for d in good] + [d.title or "" for d in headed]))
        parsed = iter(zip(good, docs[:len(good)], strict=True))
        titles = dict(zip((id(d) for d in headed), docs[len(good):], strict=True))
        for result in results:
            if result is None:
                document, doc = next(parsed)
                yield analyze_parsed(document, doc, kb, names, title_doc=titles.get(id(document)))
            else:
                yield result
        pending.clear()

    for document in documents:
        pending.append(document)
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()
