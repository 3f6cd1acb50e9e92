"""The blame network shows what `extract.blame_edges` defines (#17), read from the store.

The scorer of `aftermath eval blame` counts the same edges, so what the dashboard draws and
what the blame figure measures cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

from aftermath.extract.blame_edges import blame_edges
from aftermath.pipeline import analyze_document
from aftermath.records import Document
from aftermath.store import Store, open_store
from aftermath.web import data


def test_network_of_a_document_is_its_blame_edges(web_store: Store):
    analysis = web_store.load("jet-downed")
    expected = blame_edges(analysis.claims, analysis.events)
    network = data.blame_network(web_store, document_id="jet-downed")
    assert expected, "the article accuses and condemns: some edge was expected"
    assert sum(edge["claims"] for edge in network["edges"]) == len(expected)
    assert sum(edge["events"] for edge in network["edges"]) == sum(
        e.origin == "event" for e in expected)


def test_an_accusing_event_without_a_claim_is_drawn(tmp_path: Path, nlp, kb):  # type: ignore[no-untyped-def]
    # "complained about Turkey": an accusing event (CAMEO 114), no blame claim.
    store = open_store(f"sqlite:///{tmp_path / 'network.db'}")
    text = "The Dutch foreign minister complained about Turkey on Sunday."
    store.save(analyze_document(Document(id="complaint", text=text, published="2017-03-12"),
                                nlp, kb))
    network = data.blame_network(store, document_id="complaint")
    store.close()
    codes = {node["id"]: node["code"] for node in network["nodes"]}
    assert [(codes[e["source"]], codes[e["target"]], e["events"], e["evidence_status"])
            for e in network["edges"]] == [("NLDGOV", "TUR", 1, "asserted")]
    assert all(node["label"] not in ("NLDGOV", "TUR") for node in network["nodes"])  # #19
