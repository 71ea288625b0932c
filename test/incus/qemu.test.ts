// The QEMU what-if against behaviour read from the Incus sources (no VM can start here). Each
// test names the file (and tag) its expectation comes from.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { loadFixture } from "../../server/src/incus/qemu/fixture";
import { runQemu, type QemuStage } from "../../server/src/incus/qemu/run";
import { parseQemuConf, stringifyQemuConf } from "../../server/src/incus/qemu/conf";
import { tempDir } from "../support/temp-dir";

const root = path.resolve(__dirname, "../../..");
const tmp = tempDir("incus-qemu-");
const VM = { name: "vm1", type: "virtual-machine", project: "default", config: {}, expanded_config: { "limits.memory": "1GiB" } };

async function run(source: string, opts: { version?: string; stages?: QemuStage[]; fixture?: object } = {}) {
  let file: string | undefined;
  if (opts.fixture) writeFileSync((file = path.join(tmp, `f${Math.random().toString(36).slice(2)}.json`)), JSON.stringify(opts.fixture));
  return runQemu({ source, instance: VM, version: opts.version ?? "6.0.4", fixture: loadFixture(file, VM), stages: opts.stages });
}
const hook = (...body: string[]) => ["def qemu_hook(instance, stage):", ...body.map((l) => "    " + l)].join("\n") + "\n";

test("config stage: set_qemu_conf and set_qemu_cmdline change what QEMU gets; the diff shows it (qemu.go@v6.0.4 setConfFunc, setCmdArgsFunc)", async () => {
  const r = await run(hook(
    'if stage == "config":',
    "    conf = get_qemu_conf()",
    '    conf[[s["name"] for s in conf].index("memory")]["entries"]["size"] = "4096M"',
    '    set_qemu_conf(conf + [{"name": "object \\"mem1\\"", "comment": "", "entries": {"qom-type": "memory-backend-ram", "size": "1G"}}])',
    '    set_qemu_cmdline(get_qemu_cmdline() + ["-no-reboot"])',
  ));
  assert.equal(r.error, null);
  assert.deepEqual(r.stages.map((s) => s.stage), ["config", "early", "pre-start", "post-start"]);
  const text = r.conf.diff.filter((d) => d.op !== " ").map((d) => d.op + d.text);
  assert.deepEqual(text, ['-size = "1024M"', '+size = "4096M"', '+[object "mem1"]', '+qom-type = "memory-backend-ram"', '+size = "1G"', "+"]);
  assert.deepEqual(r.cmdline.diff.filter((d) => d.op !== " "), [{ op: "+", text: "-no-reboot" }]);
});

test("QMP helpers refuse the config stage, wrapped as the VM start wraps it (qemu.go@v6.0.4 assertQEMUStarted; driver_qemu.go runStartupScriptlet)", async () => {
  const r = await run(hook('run_qmp({"execute": "query-status"})'));
  assert.equal(r.error, "Failed running QEMU scriptlet at config stage: Failed to run: run_qmp cannot be called at config stage");
  assert.deepEqual(r.stages.map((s) => s.stage), ["config"], "a failing stage ends the start");
});

test("setters refuse later stages (qemu.go@v7.3.0 assertConfigStage)", async () => {
  const r = await run(hook('if stage == "early":', "    set_qemu_conf(get_qemu_conf())"), { version: "7.3.0" });
  assert.equal(r.error, "Failed running QEMU scriptlet at early stage: Failed to run: set_qemu_conf can only be called at config stage");
  assert.equal(r.stages.length, 2);
});

test("-bios and -kernel cannot be added or removed (qemu.go@v6.0.4 setCmdArgsFunc)", async () => {
  const r = await run(hook('set_qemu_cmdline(get_qemu_cmdline() + ["-kernel", "/boot/vmlinuz"])'), { stages: ["config"] });
  assert.equal(r.error, "Failed running QEMU scriptlet at config stage: Failed to run: Addition or deletion of -bios or -kernel is unsupported");
  const list = await run(hook("set_qemu_cmdline([1])"), { stages: ["config"] });
  assert.equal(list.error, "Failed running QEMU scriptlet at config stage: Failed to run: set_qemu_cmdline requires a list of strings");
});

test("run_command and the QOM helpers print the call position (qemu.go@v6.0.4 runCommandFunc, makeQOM: thread.CallFrame(1).Pos)", async () => {
  const a = await run(hook('if stage == "early":', '    run_command("a", "b")'));
  assert.equal(a.error, "Failed running QEMU scriptlet at early stage: Failed to run: run_command (3:20): Expected exactly one positional argument, got 2");
  const b = await run(hook('if stage == "early":', '    device_add("x")'));
  assert.equal(b.error, "Failed running QEMU scriptlet at early stage: Failed to run: device_add (3:19): Expected only keyword arguments, got 1 positional argument(s)");
  const c = await run(hook('if stage == "early":', "    run_command(1)"));
  assert.equal(c.error, "Failed running QEMU scriptlet at early stage: Failed to run: run_command (3:20): The positional argument must be a string representing a QMP function");
});

test("QMP replies come back through JSON: numbers are floats, keys sorted (marshal.go@v6.0.4 StarlarkMarshal of map[string]any)", async () => {
  const r = await run(hook('if stage == "early":', '    log_info(run_command("query-balloon"))'), { fixture: { qmp: { "query-balloon": { return: { actual: 1073741824, b: [1] } } } } });
  assert.equal(r.error, null);
  assert.deepEqual(r.stages[1].logs, [{ level: "info", message: 'QEMU scriptlet (early): {"actual": 1.073741824e+09, "b": [1.0]}' }]);
  assert.deepEqual(r.stages[1].qmp[0].request, { execute: "query-balloon" });
});

test("7.x numbers raw QMP requests; 6.0 does not (qemu.go@v7.3.0 runQMPFunc IncreaseID)", async () => {
  const src = hook('if stage == "early":', '    log_info(run_qmp({"execute": "query-status"}).get("id"))');
  assert.equal((await run(src, { version: "7.3.0" })).stages[1].logs[0].message, "QEMU scriptlet (early): 1.0");
  assert.equal((await run(src, { version: "6.0.4" })).stages[1].logs[0].message, "QEMU scriptlet (early): None");
});

test("a QMP error reply fails the stage with its description (qmp/monitor.go@v6.0.4 RunJSON; go-qemu qmp.Error)", async () => {
  const r = await run(hook('if stage == "pre-start":', '    device_add(driver="nope", id="x")'), { fixture: { qmp: { device_add: { error: { class: "GenericError", desc: "'nope' is not a valid device model name" } } } } });
  assert.equal(r.error, "Failed running QEMU scriptlet at pre-start stage: Failed to run: 'nope' is not a valid device model name");
});

test("values Incus cannot convert to JSON (marshal.go@v6.0.4 StarlarkUnmarshal)", async () => {
  const r = await run(hook('if stage == "early":', "    qom_list(path=(1, 2))"));
  assert.equal(r.error, "Failed running QEMU scriptlet at early stage: Failed to run: Unsupported type: starlark.Tuple");
  const k = await run(hook('if stage == "early":', '    run_qmp({"execute": "x", 1: 2})'));
  assert.equal(k.error, "Failed running QEMU scriptlet at early stage: Failed to run: Only string keys are supported, found int");
});

test("an invalid configuration is refused (qemu.go@v6.0.4 setConfFunc + unmarshalQEMUConf)", async () => {
  const r = await run(hook('set_qemu_conf([{"name": "memory", "entries": {"size": 1}}])'), { stages: ["config"] });
  assert.equal(r.error, "Failed running QEMU scriptlet at config stage: Failed to run: set_qemu_conf requires a valid configuration");
  const ok = await run(hook('set_qemu_conf([{"Name": "memory", "entries": {"size": "8G"}, "other": 1}])'), { stages: ["config"] });
  assert.equal(ok.error, null, "Go's json.Unmarshal matches field names case-insensitively and ignores unknown keys");
  assert.deepEqual(ok.conf.after, [{ name: "memory", comment: "", entries: [["size", "8G"]] }]);
});

test("return values and missing functions (qemu.go@v6.0.4 QEMURun)", async () => {
  assert.equal((await run(hook("return 1"))).error, "Failed running QEMU scriptlet at config stage: Failed with unexpected return value: 1");
});

test("the NVRAM helpers are undefined before they exist: the start fails loading the scriptlet (scriptlet/load/load.go@v6.0.4 QEMUCompile, QEMUSet name qemu/NAME)", async () => {
  const r = await run(hook('set_nvram_var("g", "n", {})'));
  assert.equal(r.error, "Failed loading QEMU scriptlet: qemu/vm1:2:5: undefined: set_nvram_var");
  assert.deepEqual(r.stages, []);
});

test("qemu.conf reads back as Incus writes it (driver_qemu_templates.go@v6.0.4 qemuStringifyCfg)", () => {
  const text = '# Machine\n[machine]\ngraphics = "off"\ntype = "q35"\n\n[device "x"]\ndriver = "virtio-rng-pci"\n\n';
  const conf = parseQemuConf(text);
  assert.deepEqual(conf, [
    { name: "machine", comment: "Machine", entries: [["graphics", "off"], ["type", "q35"]] },
    { name: 'device "x"', comment: "", entries: [["driver", "virtio-rng-pci"]] },
  ]);
  assert.equal(stringifyQemuConf(conf) + "\n", text);
  assert.throws(() => parseQemuConf("size = 1\n"), /line 1: expected/);
});

const bin = path.join(root, "bin/incus-scriptlet.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: root });

test("CLI: run X.qemu.star shows the diff, exits 1 when the VM would not start, 2 on bad input", () => {
  const cluster = path.join(root, "test/incus/fixtures/qemu-cluster.yaml");
  const f = path.join(tmp, "x.qemu.star");
  writeFileSync(f, hook('if stage == "config":', '    set_qemu_cmdline(get_qemu_cmdline() + ["-no-reboot"])', 'log_info("at ", stage)'));
  const ok = cli("run", f, "--cluster", cluster, "--instance", "vm1");
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /\+ -no-reboot/);
  assert.match(ok.stdout, /QEMU scriptlet \(post-start\): at post-start/);
  const json = JSON.parse(cli("run", f, "--cluster", cluster, "--instance", "vm1", "--stage", "config", "--json").stdout);
  assert.deepEqual(json.stages.map((s: { stage: string }) => s.stage), ["config"]);
  const bad = path.join(tmp, "bad.qemu.star");
  writeFileSync(bad, hook("return 1"));
  assert.equal(cli("run", bad, "--cluster", cluster, "--instance", "vm1").status, 1);
  assert.equal(cli("run", f, "--cluster", cluster, "--instance", "nope").status, 2);
  assert.equal(cli("run", f, "--cluster", cluster, "--instance", "vm1", "--stage", "boot").status, 2);
});
