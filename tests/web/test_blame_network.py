"""The blame network shows what `extract.blame_edges` defines (#17), read from the store.

The scorer of `aftermath eval blame` counts the same edges, so what the dashboard draws and
what the blame figure measures cannot drift apart.
"""

from __future__ import annotations

from aftermath.extract.blame_edges import blame_edges
from aftermath.store import Store
from aftermath.web import data


def test_network_of_a_document_is_its_blame_edges(web_store: Store):
    analysis = web_store.load("jet-downed")
    expected = blame_edges(analysis.claims, analysis.events)
    network = data.blame_network(web_store, document_id="jet-downed")
    assert expected, "the article accuses and condemns: some edge was expected"
    assert sum(edge["claims"] for edge in network["edges"]) == len(expected)
    assert sum(edge["events"] for edge in network["edges"]) == sum(
        e.origin == "event" for e in expected)


def test_an_accusing_event_without_a_claim_is_drawn(web_store: Store):
    # "Russia condemned Turkey": an accusing event, no blame claim.
    network = data.blame_network(web_store, document_id="jet-downed")
    labels = {node["id"]: node["label"] for node in network["nodes"]}
    drawn = [(labels[e["source"]][:3], labels[e["target"]][:3]) for e in network["edges"]
             if e["events"]]
    assert ("RUS", "TUR") in drawn, network
