"""The model's entity recogniser, stepped through a whole batch at once in numpy (#20).

spaCy's recogniser is a greedy transition system: for each token it scores every move
(begin, inside, last or unit of each label, or outside: 74 for the English models' 18
labels) and takes the best one the state allows. spaCy asks every move whether it is
allowed, one state at a time, through a function call per move; on Reuters copy that check
and the step around it were over half of the recogniser's time, and the recogniser half of
the whole pipeline.

Here the network is the model's own (its token vectors and the precomputed first layer come
from the recogniser's layers, in the same sub-batches spaCy makes), and only the walk is
ours: every document of a batch takes its step together, the allowed moves come from a
table indexed by the few facts they depend on, and the second layer is one matrix product
per step through the same BLIS routine spaCy calls. A document left walking alone (the
longest of its batch) goes on over single rows, without the batch's indexing. Each sum is
made in spaCy's order, so the scores are the same floats and the entities the same spans
(`tests/nlp/test_entity_decoder.py` checks the table against spaCy's own rules, and the
entities against spaCy's on real and written text).

What the allowed moves depend on, for a document with no entities set before the
recogniser runs (the only case taken here; a batch with preset entities goes to spaCy):
whether an entity is open and with which label, whether at least two tokens are left,
whether the next token starts a sentence (the parser ran first), and whether this token is
whitespace. A model this module does not recognise (another feature set, beam search,
classes the model never saw) keeps spaCy's recogniser.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import numpy as np
from blis.py import gemm
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span

RECOGNISER = "ner"
HELD = "ner_model"  # the model's recogniser, kept (disabled) for its layers and preset docs
FACTORY = "aftermath_entity_decoder"

# Move kinds, by the first letter of spaCy's move names ("B-ORG", "U-", "O").
KINDS = "MBILUO"
MISSING, BEGIN, IN, LAST, UNIT, OUT = range(len(KINDS))
# A state's validity code: 0-7 when no entity is open (two tokens left, next token starts a
# sentence, this token is whitespace), 8 + 4 * label + (two left, next starts a sentence)
# when one is.
CLOSED_CODES = 8
FEATURES = 3  # this token, the open entity's first token, the token before this one

T = TypeVar("T")


def _groups(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last may be shorter), as spaCy batches."""
    items = iter(items)
    while group := list(itertools.islice(items, size)):
        yield group


def _allowed(kind: int, label: int, *, open_label: int | None, two_left: bool,
             next_starts: bool, space: bool) -> bool:
    """Whether a move may be taken, for a document with no preset entities.

    An entity never crosses a sentence start, never begins on whitespace, and ends on or
    before the last token; "outside" is allowed only between entities; label 0 (spaCy's
    "U-" move, for tokens kept out of entities) is for preset annotation only."""
    is_open = open_label is not None
    if kind == BEGIN:
        return not is_open and two_left and label != 0 and not next_starts and not space
    if kind == IN:
        return is_open and two_left and label != 0 and label == open_label and not next_starts
    if kind == LAST:
        return is_open and label != 0 and label == open_label
    if kind == UNIT:
        return not is_open and label != 0 and not space
    if kind == OUT:
        return not is_open
    return False


class EntityDecoder:
    """A pipeline component giving what the model's recogniser gives, for less."""

    def __init__(self, recogniser: EntityRecognizer) -> None:
        self.recogniser = recogniser
        names = _move_names(recogniser)
        self.kinds = np.array([KINDS.index(name[0]) for name in names])
        move_labels = [name.partition("-")[2] for name in names]
        # The walk's label numbers: 0 for spaCy's empty label, then the entity labels.
        numbered = ["", *sorted({label for label in move_labels if label})]
        self.label_of_move = np.array([numbered.index(label) for label in move_labels])
        strings = recogniser.vocab.strings
        self.label_ids = [strings.add(label) if label else 0 for label in numbered]
        self.allowed = self._table()
        # The allowed moves of each code, in order (the first best of these is spaCy's
        # pick), and the moves that open or close an entity.
        self.choices = [np.flatnonzero(row) for row in self.allowed]
        self.acts = np.isin(self.kinds, (BEGIN, LAST, UNIT))
        tok2vec, lower, upper = recogniser.model.layers
        self.tok2vec, self.lower = tok2vec, lower
        self.bias = lower.get_param("b").reshape(-1)
        self.upper_w, self.upper_b = upper.get_param("W"), upper.get_param("b")
        self.pieces = lower.get_dim("nP")

    def _table(self) -> np.ndarray:
        rows = []
        for code in range(CLOSED_CODES):
            rows.append([_allowed(kind, label, open_label=None, two_left=bool(code & 4),
                                  next_starts=bool(code & 2), space=bool(code & 1))
                         for kind, label in zip(self.kinds, self.label_of_move, strict=True)])
        for open_label in range(len(self.label_ids)):
            for code in range(4):
                rows.append([_allowed(kind, label, open_label=open_label,
                                      two_left=bool(code & 2), next_starts=bool(code & 1),
                                      space=False)
                             for kind, label in zip(self.kinds, self.label_of_move,
                                                    strict=True)])
        return np.array(rows, dtype=bool)

    def __call__(self, doc: Doc) -> Doc:
        for _ in self.pipe([doc], batch_size=1):
            pass
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 256) -> Iterator[Doc]:
        for batch in _groups(docs, batch_size):
            facts = [doc.to_array([SENT_START, IS_SPACE, ENT_IOB]).astype(np.int64)
                     .reshape(len(doc), 3) for doc in batch]
            if any(values[:, 2].any() for values in facts):
                yield from self.recogniser.pipe(batch, batch_size=batch_size)
                continue
            self._annotate(batch, facts, batch_size)
            yield from batch

    def _annotate(self, batch: list[Doc], facts: list[np.ndarray], batch_size: int) -> None:
        """Set the entities of documents with none preset; `facts` holds each token's
        sentence start, whitespace flag and entity tag."""
        lengths = np.array([len(doc) for doc in batch], dtype=np.int64)
        rows, starts, pad, total = [], np.zeros(len(batch), dtype=np.int64), None, 0
        # spaCy's recogniser works through a batch in length-sorted quarters; the same
        # groups here give the network the same inputs.
        by_length = sorted(range(len(batch)), key=lambda i: lengths[i])
        for group in _groups(by_length, max(batch_size // 4, 2)):
            if not lengths[group].any():
                continue
            precomputed = self.lower.predict(self.tok2vec.predict([batch[i] for i in group]))
            pad = precomputed[0]
            rows.append(precomputed[1:])
            for i in group:
                starts[i], total = total, total + lengths[i]
        spans: list[list[tuple[int, int, int]]] = [[] for _ in batch]
        if pad is not None:
            table = np.concatenate([pad[None], *rows]).reshape(total + 1, FEATURES, -1)
            self._walk(facts, table, starts, lengths, spans)
        for doc, found in zip(batch, spans, strict=True):
            doc.set_ents([Span(doc, start, end, label=self.label_ids[label])
                          for start, end, label in sorted(found)], default="outside")

    def _walk(self, facts: list[np.ndarray], table: np.ndarray, starts: np.ndarray,
              lengths: np.ndarray, spans: list[list[tuple[int, int, int]]]) -> None:
        """Step every document through its tokens at once.

        Positions are rows of `table`: row 0 is the padding, row t + 1 token t of the batch
        (document i from `starts[i]`). What a state's allowed moves depend on, besides the
        open entity, is a fact of its token, so it is worked out per row before the walk.
        """
        rows = table.shape[0]
        closed_code = np.zeros(rows + 1, dtype=np.int64)  # no entity open
        open_part = np.zeros(rows + 1, dtype=np.int64)  # added to the open label's code
        for values, start, length in zip(facts, starts.tolist(), lengths.tolist(),
                                         strict=True):
            if not length:
                continue
            two_left = np.arange(length) < length - 1
            next_starts = np.zeros(length, dtype=bool)
            next_starts[:-1] = values[1:, 0] == 1
            space = values[:, 1] != 0
            closed_code[start + 1:start + 1 + length] = two_left * 4 + next_starts * 2 + space
            open_part[start + 1:start + 1 + length] = two_left * 2 + next_starts
        live = np.flatnonzero(lengths > 0)
        order = np.argsort(lengths[live], kind="stable")
        live = live[order]  # shortest first, so finished documents leave from the front
        row = starts[live] + 1
        left = lengths[live].tolist()  # steps each still has, shortest first
        is_open = np.zeros(len(live), dtype=bool)
        open_code = np.zeros(len(live), dtype=np.int64)
        open_row = np.zeros(len(live), dtype=np.int64)
        kinds, labels = self.kinds.tolist(), self.label_of_move.tolist()
        taken = 0
        while len(live) > 1:
            # spaCy starts from zeros and adds each feature's row, then the bias: the same
            # additions in the same order give the same floats.
            hidden = table[row, 0] + np.float32(0)
            hidden += table[np.where(is_open, open_row, 0), 1]
            hidden += table[np.where(is_open, row - 1, 0), 2]
            hidden += self.bias
            best = hidden.reshape(len(live), -1, self.pieces).max(axis=2)
            scores = gemm(best, self.upper_w, trans2=True, beta=0.0)
            scores += self.upper_b
            code = np.where(is_open, open_code + open_part[row], closed_code[row])
            move = np.where(self.allowed[code], scores, -np.inf).argmax(axis=1)
            for i in np.flatnonzero(self.acts[move]).tolist():
                kind, at = kinds[move[i]], int(row[i])
                if kind == BEGIN:
                    label = labels[move[i]]
                    is_open[i], open_code[i], open_row[i] = True, CLOSED_CODES + label * 4, at
                elif kind == LAST:
                    label = (int(open_code[i]) - CLOSED_CODES) // 4
                    spans[live[i]].append((int(open_row[i]), at + 1, label))
                    is_open[i] = False
                else:
                    spans[live[i]].append((at, at + 1, labels[move[i]]))
            row += 1
            taken += 1
            done = 0
            while done < len(left) and left[done] == taken:
                done += 1
            if done:
                live, row, left = live[done:], row[done:], left[done:]
                is_open, open_code, open_row = is_open[done:], open_code[done:], open_row[done:]
        if len(live):
            self._walk_alone(table, closed_code, open_part, int(live[0]), int(row[0]),
                             left[0] - taken, (bool(is_open[0]), int(open_code[0]),
                                               int(open_row[0])), spans)
        for doc, start in enumerate(starts.tolist()):
            spans[doc] = [(first - 1 - start, end - 1 - start, label)
                          for first, end, label in spans[doc]]

    def _walk_alone(self, table: np.ndarray, closed_code: np.ndarray, open_part: np.ndarray,
                    doc: int, row: int, steps: int, state: tuple[bool, int, int],
                    spans: list[list[tuple[int, int, int]]]) -> None:
        """The rest of one document's walk, once it is the last: the same sums on single
        rows, without the batch's indexing (a long document walks alone for most of its
        length)."""
        is_open, open_code, open_row = state
        closed, part = closed_code.tolist(), open_part.tolist()
        padding_1, padding_2 = table[0, 1], table[0, 2]
        kinds, labels, choices = self.kinds.tolist(), self.label_of_move.tolist(), self.choices
        for at in range(row, row + steps):
            hidden = table[at, 0] + np.float32(0)
            hidden += table[open_row, 1] if is_open else padding_1
            hidden += table[at - 1, 2] if is_open else padding_2
            hidden += self.bias
            best = hidden.reshape(1, -1, self.pieces).max(axis=2)
            scores = gemm(best, self.upper_w, trans2=True, beta=0.0)[0]
            scores += self.upper_b
            allowed = choices[open_code + part[at] if is_open else closed[at]]
            move = int(allowed[scores[allowed].argmax()])
            kind = kinds[move]
            if kind == BEGIN:
                is_open, open_code, open_row = True, CLOSED_CODES + labels[move] * 4, at
            elif kind == LAST:
                spans[doc].append((open_row, at + 1, (open_code - CLOSED_CODES) // 4))
                is_open = False
            elif kind == UNIT:
                spans[doc].append((at, at + 1, labels[move]))

    # What spaCy and other code ask of a recogniser (`nlp.pipe_labels` reads `labels`).
    @property
    def moves(self) -> Any:
        return self.recogniser.moves

    @property
    def labels(self) -> Any:
        return self.recogniser.labels

    @property
    def label_data(self) -> Any:
        return self.recogniser.label_data


def decodable(recogniser: Any) -> bool:
    """Whether the decoder knows this recogniser's network and moves."""
    if not isinstance(recogniser, EntityRecognizer):
        return False
    model = recogniser.model
    if recogniser.cfg.get("beam_width", 1) != 1 or model.attrs.get("unseen_classes"):
        return False
    if not model.attrs.get("has_upper") or len(model.layers) != 3:
        return False
    lower = model.layers[1]
    if not lower.has_dim("nF") or lower.get_dim("nF") != FEATURES or not lower.has_dim("nP"):
        return False
    return all(name[:1] in KINDS[1:] for name in _move_names(recogniser))


def _move_names(recogniser: EntityRecognizer) -> list[str]:
    """spaCy's names of the recogniser's moves, by move number ("B-ORG", "U-", "O")."""
    moves = recogniser.moves
    return [moves.get_class_name(i) for i in range(moves.n_moves)]


@Language.factory(FACTORY, default_config={"source": HELD})
def make_entity_decoder(nlp: Language, name: str, source: str) -> EntityDecoder:
    return EntityDecoder(nlp.get_pipe(source))


def use_entity_decoder(nlp: Language) -> bool:
    """Put the decoder where the model's recogniser was (which stays, disabled, for its
    layers); True when it was put there."""
    if RECOGNISER not in nlp.pipe_names or not decodable(nlp.get_pipe(RECOGNISER)):
        return False
    nlp.rename_pipe(RECOGNISER, HELD)
    nlp.add_pipe(FACTORY, name=RECOGNISER, after=HELD, config={"source": HELD})
    nlp.disable_pipe(HELD)
    return True
