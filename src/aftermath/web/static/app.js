// aftermath dashboard: draws charts and blame networks from same-origin JSON.
// No data is ever inserted as HTML here: charts and networks render to canvas, and
// navigation uses encoded URLs built from ids.
"use strict";

const STATUS_COLOURS = {
  asserted: "#1f6fb2",
  evidence_cited: "#2a7f62",
  hedged: "#c98a00",
  disputed: "#7a4fb3",
  unsupported: "#b23a48",
};

function fetchJSON(url) {
  return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((response) => {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    });
}

function showProblem(element, message) {
  const note = document.createElement("p");
  note.className = "warning";
  note.textContent = message;
  element.replaceChildren(note);
}

function drawChart(element) {
  fetchJSON(element.dataset.chart)
    .then((spec) =>
      // ast + the bundled interpreter: no eval, so the strict CSP holds.
      vegaEmbed(element, spec, {
        ast: true, renderer: "canvas", actions: false, tooltip: false, defaultStyle: false,
      }))
    .then((result) => {
      element.dataset.rendered = "true";
      result.view.addEventListener("click", (_event, item) => {
        // Bars and turning-point rules are periods of the series; the outlook band is not.
        const period = item && item.mark && ["rect", "rule"].includes(item.mark.marktype);
        if (period && item.datum && typeof item.datum.key === "string") {
          window.location.hash = "period-" + item.datum.key;
        }
      });
    })
    .catch((error) => showProblem(element, "The chart could not be drawn (" + error.message + ")."));
}

// After the force layout, push apart any two nodes whose labels still overlap (a dense
// network or long names), a few passes at most, then fit the view: every name readable.
function separateLabels(cy) {
  const boxOf = (node) => node.boundingBox({ includeNodes: true, includeEdges: false,
                                             includeLabels: true });
  for (let pass = 0; pass < 60; pass += 1) {
    let moved = false;
    const nodes = cy.nodes().toArray();
    for (let i = 0; i < nodes.length; i += 1) {
      for (let j = i + 1; j < nodes.length; j += 1) {
        const a = boxOf(nodes[i]);
        const b = boxOf(nodes[j]);
        const dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
        const dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
        if (dx <= 0 || dy <= 0) continue;
        const lower = a.y1 <= b.y1 ? nodes[j] : nodes[i];
        const upper = lower === nodes[j] ? nodes[i] : nodes[j];
        const shift = dy / 2 + 3;
        lower.position({ x: lower.position("x"), y: lower.position("y") + shift });
        upper.position({ x: upper.position("x"), y: upper.position("y") - shift });
        moved = true;
      }
    }
    if (!moved) break;
  }
  cy.fit(undefined, 10);
}

function drawNetwork(element) {
  fetchJSON(element.dataset.network)
    .then((network) => {
      if (network.nodes.length === 0) {
        showProblem(element, "No blame or responsibility claims here.");
        element.dataset.rendered = "empty";
        return;
      }
      const elements = network.nodes.map((node) => ({ data: { id: node.id, label: node.label } }))
        .concat(network.edges.map((edge) => ({
          data: {
            id: edge.id, source: edge.source, target: edge.target, claims: edge.claims,
            colour: STATUS_COLOURS[edge.evidence_status] || "#777",
            label: edge.claims + (edge.claims === 1 ? " claim: " : " claims: ") +
              Object.entries(edge.statuses || { [edge.evidence_status]: edge.claims })
                .map(([status, n]) => n + " " + status.replace("_", " ")).join(", "),
            document: edge.documents[0],
          },
        })));
      const cy = cytoscape({
        container: element,
        elements: elements,
        // Labels count in each node's size, and nodes push each other far apart, so the
        // names of a dense network do not overlap (#19).
        layout: { name: "cose", animate: false, randomize: false,
                  nodeDimensionsIncludeLabels: true, nodeRepulsion: () => 60000,
                  idealEdgeLength: () => 60, nodeOverlap: 20, padding: 10,
                  componentSpacing: 40 },
        maxZoom: 1.4,
        style: [
          { selector: "node", style: {
            label: "data(label)", "background-color": "#555", color: "#222", "font-size": 12,
            "text-valign": "top", "text-margin-y": -4, width: 14, height: 14,
            "text-wrap": "wrap", "text-max-width": 120, "text-background-color": "#fff",
            "text-background-opacity": 0.8, "text-background-padding": 1 } },
          { selector: "edge", style: {
            "line-color": "data(colour)", "target-arrow-color": "data(colour)",
            "target-arrow-shape": "triangle", "curve-style": "bezier",
            width: "mapData(claims, 1, 6, 2, 7)", "font-size": 10, color: "#222",
            "text-rotation": "autorotate", "text-background-color": "#fff",
            "text-background-opacity": 0.85 } },
          // Edge labels only for the edge under the pointer: the colour already says the status.
          { selector: "edge.hover", style: { label: "data(label)" } },
        ],
      });
      separateLabels(cy);
      cy.on("mouseover", "edge", (event) => event.target.addClass("hover"));
      cy.on("mouseout", "edge", (event) => event.target.removeClass("hover"));
      cy.on("tap", "edge", (event) => {
        const target = event.target.data("document");
        if (target) window.location.assign("/documents/" + encodeURIComponent(target) + "#claims");
      });
      element.cy = cy;  // for the browser tests' label-overlap check
      element.dataset.rendered = "true";
    })
    .catch((error) => showProblem(element, "The network could not be drawn (" + error.message + ")."));
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-chart]").forEach(drawChart);
  document.querySelectorAll("[data-network]").forEach(drawNetwork);
});
