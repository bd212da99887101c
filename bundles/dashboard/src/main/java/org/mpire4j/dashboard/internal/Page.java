package org.mpire4j.dashboard.internal;

/**
 * The dashboard's only page: self-contained (no external resources), it polls {@code /api/maps}
 * every 500 ms and renders each map. Text from the server is put in the page with
 * {@code textContent} only, never parsed as HTML.
 */
final class Page {

    private Page() {
    }

    static final String HTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>mpire4j dashboard</title>
            <style>
              body { font-family: system-ui, sans-serif; margin: 1.5rem; background: #f6f7f9; color: #1d232b; }
              h1 { font-size: 1.4rem; margin: 0 0 .3rem 0; }
              #status { color: #5a6472; margin-bottom: 1rem; font-size: .9rem; }
              #status.lost { color: #b3261e; font-weight: 600; }
              .map { background: #fff; border: 1px solid #d9dde3; border-left: 6px solid #3b82f6;
                     border-radius: 6px; padding: .8rem 1rem; margin-bottom: .8rem; }
              .map[data-state=completed] { border-left-color: #16a34a; }
              .map[data-state=failed] { border-left-color: #dc2626; }
              .head { display: flex; gap: .8rem; align-items: baseline; flex-wrap: wrap; }
              .title { font-weight: 600; }
              .state { font-size: .8rem; padding: .05rem .5rem; border-radius: 1rem; background: #dbeafe; }
              .map[data-state=completed] .state { background: #dcfce7; }
              .map[data-state=failed] .state { background: #fee2e2; }
              .meta, .nums { color: #5a6472; font-size: .9rem; margin-top: .25rem; }
              .nums span { margin-right: 1.1rem; }
              .percent { font-weight: 700; color: #1d232b; }
              .bar { height: .8rem; background: #e5e7eb; border-radius: .4rem; overflow: hidden; margin-top: .5rem; }
              .fill { height: 100%; width: 0; background: #3b82f6; transition: width .3s; }
              .map[data-state=completed] .fill { background: #16a34a; }
              .map[data-state=failed] .fill { background: #dc2626; }
              .insights { margin-top: .5rem; font-size: .9rem; }
              .insights table { border-collapse: collapse; margin-top: .3rem; }
              .insights td, .insights th { border: 1px solid #e5e7eb; padding: .1rem .5rem; text-align: right; }
              .warn { color: #b45309; font-weight: 600; }
              pre.trace { background: #1f2430; color: #f3f4f6; padding: .6rem; border-radius: 4px;
                          overflow: auto; max-height: 24rem; font-size: .8rem; white-space: pre; }
              .empty { color: #5a6472; }
            </style>
            </head>
            <body>
            <h1>mpire4j dashboard</h1>
            <div id="status">Connecting&hellip;</div>
            <div id="maps"><p class="empty">No maps yet.</p></div>
            <script>
            "use strict";
            const mapsEl = document.getElementById("maps");
            const statusEl = document.getElementById("status");
            const cards = new Map();

            function el(tag, cls, text) {
              const e = document.createElement(tag);
              if (cls) e.className = cls;
              if (text !== undefined && text !== null) e.textContent = String(text);
              return e;
            }
            function duration(ms) {
              if (ms === null || ms === undefined || !isFinite(ms)) return "?";
              const s = Math.max(0, Math.round(ms / 1000));
              const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
              return (h > 0 ? h + ":" + String(m).padStart(2, "0") : String(m)) + ":" + String(r).padStart(2, "0");
            }
            function percentText(p) {
              return p === null || p === undefined ? "?" : Math.floor(p) + "%";
            }
            function card(id) {
              let c = cards.get(id);
              if (c) return c;
              const root = el("section", "map");
              root.dataset.mapId = id;
              const head = el("div", "head");
              c = { root: root, title: el("span", "title"), state: el("span", "state"), meta: el("div", "meta"),
                    fill: el("div", "fill"), percent: el("span", "percent"), count: el("span", "count"),
                    rate: el("span", "rate"), elapsed: el("span", "elapsed"), eta: el("span", "eta"),
                    insights: el("div", "insights"), error: el("div", "error") };
              head.append(c.title, c.state);
              const bar = el("div", "bar");
              bar.append(c.fill);
              const nums = el("div", "nums");
              nums.append(c.percent, c.count, c.rate, c.elapsed, c.eta);
              root.append(head, c.meta, bar, nums, c.insights, c.error);
              cards.set(id, c);
              return c;
            }
            function renderInsights(c, ins) {
              c.insights.replaceChildren();
              if (!ins) return;
              const line = el("div", null, "Insights: working ratio " + ins.workingRatio.toFixed(2)
                  + ", " + ins.completedTasks + " tasks");
              c.insights.append(line);
              if (ins.efficiencyWarning) c.insights.append(el("div", "warn", "Efficiency warning: working ratio is < 80%!"));
              const table = el("table", "workers");
              const head = el("tr");
              head.append(el("th", null, "worker"), el("th", null, "tasks"), el("th", null, "working"),
                  el("th", null, "waiting"), el("th", null, "working ratio"));
              table.append(head);
              for (const w of ins.workers) {
                const tr = el("tr");
                tr.append(el("td", null, w.id), el("td", null, w.tasks), el("td", null, (w.workingMillis / 1000).toFixed(3) + " s"),
                    el("td", null, (w.waitingMillis / 1000).toFixed(3) + " s"), el("td", null, w.workingRatio.toFixed(2)));
                table.append(tr);
              }
              c.insights.append(table);
            }
            function render(m) {
              const c = card(m.id);
              c.root.dataset.state = m.state;
              c.title.textContent = "Map #" + m.id + " " + m.task;
              c.state.textContent = m.state;
              c.meta.textContent = "pool " + m.pool + " \\u00b7 start method " + m.startMethod + " \\u00b7 "
                  + m.jobs + " workers \\u00b7 started " + new Date(m.startedAt).toLocaleTimeString();
              const p = m.percent === null ? 0 : m.percent;
              c.fill.style.width = p + "%";
              c.percent.textContent = percentText(m.percent);
              c.count.textContent = m.done + "/" + (m.total < 0 ? "?" : m.total) + " tasks";
              c.rate.textContent = (m.rate === null ? "?" : m.rate.toFixed(1)) + " tasks/s";
              c.elapsed.textContent = "elapsed " + duration(m.elapsedMillis);
              c.eta.textContent = "ETA " + (m.state === "running" ? duration(m.etaMillis) : "-");
              if (c.renderedFinal) return;
              renderInsights(c, m.insights);
              c.error.replaceChildren();
              if (m.error) {
                c.error.append(el("div", null, "Failed: " + m.error.type + ": " + m.error.message));
                c.error.append(el("pre", "trace", m.error.stackTrace));
              }
              c.renderedFinal = m.state !== "running";
            }
            async function poll() {
              try {
                const response = await fetch("api/maps", { cache: "no-store" });
                if (!response.ok) throw new Error("HTTP " + response.status);
                const data = await response.json();
                const seen = new Set();
                for (const m of data.maps) { render(m); seen.add(m.id); }
                for (const [id, c] of cards) if (!seen.has(id)) { c.root.remove(); cards.delete(id); }
                if (data.maps.length === 0) {
                  mapsEl.replaceChildren(el("p", "empty", "No maps yet."));
                } else {
                  const empty = mapsEl.querySelector(".empty");
                  if (empty) empty.remove();
                  for (const m of data.maps) mapsEl.append(cards.get(m.id).root);
                }
                statusEl.className = "";
                statusEl.textContent = data.running + " running, " + data.finished + " finished \\u00b7 updated "
                    + new Date(data.now).toLocaleTimeString();
              } catch (e) {
                statusEl.className = "lost";
                statusEl.textContent = "Cannot reach the dashboard (" + e.message + "); retrying";
              } finally {
                setTimeout(poll, 500);
              }
            }
            poll();
            </script>
            </body>
            </html>
            """;
}
