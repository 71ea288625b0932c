// The access matrix view's HTML, from a real matrix of the fixture cluster: a cell per
// applicable entitlement with its decision's class, the restricted-certificate surprise
// marked, errors in the tooltip and the error list, every value escaped.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { loadSnapshot } from "../../server/src/incus/snapshot";
import { accessMatrix } from "../../server/src/incus/authorization/service";
import { renderMatrixHtml } from "../../client/src/authorization/matrix-html";

const fixture = path.resolve(__dirname, "../../../test/incus/fixtures/authz-cluster.yaml");

test("matrix HTML: classes per decision, the outside-restriction mark, errors, escaping", async () => {
  const loaded = loadSnapshot(fixture);
  const src = 'def authorize(details, object, entitlement):\n    if object.startswith("profile:"):\n        fail("<no profiles>")\n    return entitlement == "can_view"\n';
  const matrix = await accessMatrix({ source: src, snapshot: loaded.snapshot!, identity: "tls:bob" });
  const html = renderMatrixHtml({ file: "/x/a.authorization.star", cluster: "fixture", matrix });
  const row = (object: string) => new RegExp(`<tr><th class="obj" title="${object.replace(/[/]/g, "\\/")}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? "";
  const c1 = row("instance:default/c1");
  assert.match(c1, /<td class="outside" title="can_view\nallowed/, "bob may view c1 outside p1: amber");
  assert.match(c1, /<td class="denied"/);
  assert.match(row("instance:p1/c2"), /<td class="allowed"/);
  assert.doesNotMatch(row("instance:p1/c2"), /class="outside"/);
  assert.match(row("profile:p1/default"), /<td class="error" title="can_edit\nerror\nAuthorization scriptlet execution failed with error: Failed to run: fail: &lt;no profiles&gt;/);
  assert.match(row("server:incus"), /<td class="na"><\/td>/, "instance-only entitlements do not apply to the server");
  assert.ok(!html.includes("<no profiles>"), "escaped");
  assert.match(html, /<h2>Errors<\/h2>/);
  assert.match(html, new RegExp(`${matrix.counts.allowed} allowed`));
});
