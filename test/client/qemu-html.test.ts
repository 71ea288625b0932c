// The QEMU what-if view's HTML from a real run: added and removed lines marked, stage errors
// shown, values escaped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadFixture } from "../../server/src/incus/qemu/fixture";
import { runQemu } from "../../server/src/incus/qemu/run";
import { renderQemuHtml } from "../../client/src/qemu/qemu-html";

test("QEMU view: the diff and a failing stage", async () => {
  const vm = { name: "vm<1>", type: "virtual-machine" };
  const src = 'def qemu_hook(instance, stage):\n    if stage == "config":\n        set_qemu_cmdline(get_qemu_cmdline() + ["-no-reboot"])\n    if stage == "pre-start":\n        fail("stop <here>")\n';
  const r = await runQemu({ source: src, instance: vm, version: "6.0.4", fixture: loadFixture(undefined, vm) });
  const html = renderQemuHtml(r, "/x/a.qemu.star", "fixture");
  assert.match(html, /<div class="add">\+ -no-reboot<\/div>/);
  assert.match(html, /<li class="error">Failed running QEMU scriptlet at pre-start stage: Failed to run: fail: stop &lt;here&gt;<\/li>/);
  assert.match(html, /The VM would not start/);
  assert.ok(!html.includes("vm<1>"), "escaped");
});
