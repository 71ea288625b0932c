// Hover: facts of a key, the live server's text when given, what evacuation will do, pools.
import { test } from "node:test";
import assert from "node:assert/strict";
import { yamlHover } from "../../server/src/language/yaml";
import { clusterCtx, covered, NO_CLUSTER, offsetOf } from "./helpers";

test("a key's type, default, values and docs link", () => {
  const text = "config:\n  cluster.evacuate: stop\n";
  const h = yamlHover("w.instance.incus.yaml", text, offsetOf(text, "evacuate"), NO_CLUSTER);
  assert.ok(h);
  assert.match(h.markdown, /\*\*cluster\.evacuate\*\* \(an instance\) — `string` · default `auto`/);
  assert.match(h.markdown, /`live-migrate`/);
  assert.match(h.markdown, /\[Incus documentation\]\(https:\/\/linuxcontainers\.org\/incus\/docs\/main\/reference\/instance_options\/\)/);
  assert.equal(covered(text, h as never), "cluster.evacuate");
});

test("the live server's description wins over our summary", () => {
  const text = "config:\n  scheduler.instance: all\n";
  const ctx = { ...NO_CLUSTER, liveDescriptions: (e: string, k: string) => (e === "cluster-member" && k === "scheduler.instance" ? "LIVE TEXT" : undefined) };
  const h = yamlHover("n.cluster-member.incus.yaml", text, offsetOf(text, "all"), ctx);
  assert.match(h!.markdown, /LIVE TEXT/);
  assert.equal(covered(text, h as never), "all");
});

test("cluster.evacuate explains auto for this instance's devices", () => {
  const text = "config:\n  cluster.evacuate: auto\ndevices:\n  g:\n    type: gpu\n";
  const h = yamlHover("w.instance.incus.yaml", text, offsetOf(text, "cluster"), NO_CLUSTER);
  assert.match(h!.markdown, /stops this instance instead of moving it: device "g" is a gpu device/);
  const plain = "config:\n  cluster.evacuate: auto\n";
  assert.match(yamlHover("w.instance.incus.yaml", plain, offsetOf(plain, "cluster"), NO_CLUSTER)!.markdown, /is migrated/);
});

test("a disk's pool shows its driver and kind", () => {
  const text = "devices:\n  d:\n    type: disk\n    pool: remote\n    source: v\n";
  const h = yamlHover("w.instance.incus.yaml", text, offsetOf(text, "remote"), clusterCtx());
  assert.match(h!.markdown, /driver `ceph` \(shared across members\), from the active cluster/);
});

test("nothing to say outside keys", () => {
  assert.equal(yamlHover("w.instance.incus.yaml", "config: {}\n", 0, NO_CLUSTER), undefined);
  assert.equal(yamlHover("notincus.yaml", "a: b\n", 0, NO_CLUSTER), undefined);
});
