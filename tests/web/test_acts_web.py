"""Acts and names on the web (#19): the incident page lists acts with their sentences, the
API serves them, actor cells and network nodes show names, never pronouns or bare codes."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient
from html_tags import parse_tags

from aftermath.incidents.names import is_pronoun, looks_like_code


def _incident_with(client: TestClient, document_id: str) -> dict:
    items = client.get("/api/incidents", params={"limit": 100}).json()["items"]
    return next(i for i in items if document_id in i["documents"])


def test_api_brief_and_acts_route_carry_the_same_acts(client: TestClient):
    chosen = _incident_with(client, "envoy-shot")
    brief = client.get(f"/api/incidents/{chosen['id']}").json()
    acts = client.get(f"/api/incidents/{chosen['id']}/acts").json()
    assert acts["incident"] == chosen["id"] and acts["acts"] == brief["acts"]
    assert brief["acts"]
    for act in brief["acts"]:
        assert act["reports"] == len({e["document"] for e in act["evidence"]})
        assert act["mentions"] == len(act["evidence"])
        assert set(act["outlets"]) and act["outlet_count"] == len(act["outlets"])


def test_api_acts_of_an_unknown_incident_is_a_404(client: TestClient):
    response = client.get("/api/incidents/nothing-here/acts")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "incidents.not_found"


def test_incident_page_says_acts_from_reports_with_every_sentence(client: TestClient):
    chosen = _incident_with(client, "envoy-shot")
    brief = client.get(f"/api/incidents/{chosen['id']}").json()
    html = client.get(f"/incidents/{chosen['id']}").text
    reports = len({e["document"] for a in brief["acts"] for e in a["evidence"]})
    count = len(brief["acts"])
    heading = f"What happened: {count} act{'s' if count != 1 else ''} from {reports} report"
    assert heading in html
    for act in brief["acts"]:
        assert f'id="{act["id"]}"' in html
        for evidence in act["evidence"]:
            assert (f'href="/documents/{evidence["document"]}?start={evidence["start"]}'
                    f'&amp;end={evidence["end"]}#focus"') in html


def test_incident_page_actor_cells_are_never_a_pronoun_or_a_bare_code(client: TestClient):
    chosen = _incident_with(client, "envoy-shot")
    html = client.get(f"/incidents/{chosen['id']}").text
    cells = re.findall(r'<td class="actor">(.*?)</td>', html, flags=re.S)
    assert cells
    for cell in cells:
        words = re.sub(r"<code>.*?</code>|<[^>]+>", " ", cell).strip()
        assert words and not is_pronoun(words) and not looks_like_code(words), cell
    assert not parse_tags(html).script_text


def test_api_network_one_edge_per_pair_with_named_nodes(client: TestClient):
    body = client.get("/api/network").json()
    pairs = [(e["source"], e["target"]) for e in body["edges"]]
    assert pairs and len(pairs) == len(set(pairs))
    for edge in body["edges"]:
        assert sum(edge["statuses"].values()) == edge["claims"]
        assert edge["evidence_status"] in edge["statuses"]
    for node in body["nodes"]:
        assert not is_pronoun(node["label"]) and not looks_like_code(node["label"])


def test_api_relations_counts_acts_or_reports(client: TestClient):
    acts = client.get("/api/relations", params={"a": "TUR", "b": "RUS"}).json()
    reports = client.get("/api/relations", params={"a": "TUR", "b": "RUS",
                                                   "count": "reports"}).json()
    assert acts["count"] == "acts" and reports["count"] == "reports"
    assert sum(p["events"] for p in reports["periods"]) == reports["counted"]["rows"]
    assert sum(p["events"] for p in acts["periods"]) <= sum(
        p["events"] for p in reports["periods"])
    assert client.get("/api/relations", params={"a": "TUR", "b": "RUS",
                                                "count": "words"}).status_code == 422


def test_incident_page_blame_table_lists_every_network_edge(client: TestClient):
    # The table view beside the drawing (#19): one row per (accuser, accused) pair the
    # network API gives for the incident, with its record count.
    chosen = next(i for i in client.get("/api/incidents", params={"limit": 100}).json()["items"]
                  if client.get("/api/network", params={"incident": i["id"]}).json()["edges"])
    network = client.get("/api/network", params={"incident": chosen["id"]}).json()
    html = client.get(f"/incidents/{chosen['id']}").text
    table = html[html.index('id="blame-table"'):]
    table = table[: table.index("</details>")]
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(\d+)", table, flags=re.S)
    labels = {node["id"]: node["label"] for node in network["nodes"]}

    def words(cell: str) -> str:
        return unescape(re.sub(r"<code>.*?</code>|<[^>]+>", " ", cell)).strip()

    assert sorted((words(a), words(b), int(n)) for a, b, n in rows) == sorted(
        (labels[e["source"]], labels[e["target"]], e["claims"]) for e in network["edges"])
