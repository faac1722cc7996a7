import { describe, expect, it } from "vitest";
import {
  CommClosedError,
  type CommData,
  CommHandlerError,
  CommManager,
  type CommPublish,
  MalformedCommMessageError,
  UnknownCommError,
  UnknownCommTargetError,
} from "../../../kernel/comm";

// The comm registry alone: what it publishes, and what it hands to targets and comms.

function recorder() {
  const sent: { msgType: string; content: Record<string, any>; metadata?: Record<string, unknown> }[] = [];
  const publish: CommPublish = (msgType, content, options) =>
    sent.push({ msgType, content, ...(options?.metadata ? { metadata: options.metadata } : {}) });
  return { sent, publish };
}

const parts = (msgId = "m1") => ({ metadata: {}, buffers: [], msgId });

describe("comms the kernel opens", () => {
  it("comm_open with target, data and metadata; send; close; then nothing more can be sent", () => {
    const comms = new CommManager();
    const { sent, publish } = recorder();
    const comm = comms.open("my.target", { hello: 1 }, publish, { metadata: { version: "2.1.0" } });
    expect(comm.commId).toMatch(/^[0-9a-f]{32}$/);
    comm.send({ n: 2 });
    comm.close({ bye: true });
    comm.close(); // once only
    expect(sent).toEqual([
      {
        msgType: "comm_open",
        content: { comm_id: comm.commId, target_name: "my.target", data: { hello: 1 } },
        metadata: { version: "2.1.0" },
      },
      { msgType: "comm_msg", content: { comm_id: comm.commId, data: { n: 2 } } },
      { msgType: "comm_close", content: { comm_id: comm.commId, data: { bye: true } } },
    ]);
    expect(() => comm.send({})).toThrow(CommClosedError);
    expect(comms.info()).toEqual({});
  });

  it("comm_info lists the open comms, all or by target", () => {
    const comms = new CommManager();
    const { publish } = recorder();
    const a = comms.open("a", {}, publish);
    const b = comms.open("b", {}, publish);
    expect(comms.info()).toEqual({ [a.commId]: { target_name: "a" }, [b.commId]: { target_name: "b" } });
    expect(comms.info("b")).toEqual({ [b.commId]: { target_name: "b" } });
    expect(comms.info("c")).toEqual({});
  });
});

describe("comms the front end opens", () => {
  it("the target's handler gets the comm and the open's data; comm_msg reaches onMsg; comm_close runs onClose", () => {
    const comms = new CommManager();
    const { sent, publish } = recorder();
    const got: string[] = [];
    comms.registerTarget("echo", (comm, open) => {
      got.push(`open ${JSON.stringify(open.data)} ${open.msgId}`);
      comm.onMsg = (msg: CommData) => comm.send({ echo: msg.data, parent: msg.msgId });
      comm.onClose = (msg) => got.push(`closed ${JSON.stringify(msg.data)}`);
    });
    comms.receiveOpen({ comm_id: "c1", target_name: "echo", data: { x: 1 } }, parts("open-1"), publish);
    expect(comms.info("echo")).toEqual({ c1: { target_name: "echo" } });
    comms.receiveMsg({ comm_id: "c1", data: { y: 2 } }, parts("msg-1"));
    comms.receiveClose({ comm_id: "c1", data: { z: 3 } }, parts("close-1"));
    expect(got).toEqual(['open {"x":1} open-1', 'closed {"z":3}']);
    expect(sent).toEqual([
      { msgType: "comm_msg", content: { comm_id: "c1", data: { echo: { y: 2 }, parent: "msg-1" } } },
    ]);
    expect(comms.info()).toEqual({});
  });

  it("an unknown target is UnknownCommTargetError naming the known ones; nothing is kept", () => {
    const comms = new CommManager();
    comms.registerTarget("jupyter.widget", () => {});
    const { publish } = recorder();
    const open = () => comms.receiveOpen({ comm_id: "c2", target_name: "nope", data: {} }, parts(), publish);
    expect(open).toThrow(UnknownCommTargetError);
    expect(open).toThrow(
      /target "nope" \(comm "c2"\): no such target in this kernel \(it has "jupyter\.widget"\)/,
    );
    expect(comms.info()).toEqual({});
  });

  it("a target handler that throws: the comm is closed (comm_close) and CommHandlerError says so", () => {
    const comms = new CommManager();
    comms.registerTarget("fragile", () => {
      throw new TypeError("cannot");
    });
    const { sent, publish } = recorder();
    expect(() =>
      comms.receiveOpen({ comm_id: "c3", target_name: "fragile", data: {} }, parts(), publish),
    ).toThrow(/The "fragile" target's comm_open handler failed: TypeError: cannot\. The message was dropped/);
    expect(sent.map((s) => s.msgType)).toEqual(["comm_close"]);
    expect(comms.info()).toEqual({});
  });

  it("a comm whose onMsg throws stays open; the error is CommHandlerError", () => {
    const comms = new CommManager();
    comms.registerTarget("t", (comm) => {
      comm.onMsg = () => {
        throw new Error("bad handler");
      };
    });
    comms.receiveOpen({ comm_id: "c4", target_name: "t" }, parts(), recorder().publish);
    expect(() => comms.receiveMsg({ comm_id: "c4", data: {} }, parts())).toThrow(CommHandlerError);
    expect(comms.info()).toEqual({ c4: { target_name: "t" } });
  });
});

describe("bad comm messages", () => {
  it("unknown comm ids, malformed content and duplicate ids are named errors with the fix", () => {
    const comms = new CommManager();
    comms.registerTarget("t", () => {});
    const { publish } = recorder();
    comms.receiveOpen({ comm_id: "dup", target_name: "t" }, parts(), publish);
    const cases: [() => void, Function, RegExp][] = [
      [
        () => comms.receiveMsg({ comm_id: "gone", data: {} }, parts()),
        UnknownCommError,
        /comm_msg for comm "gone", which is not open/,
      ],
      [
        () => comms.receiveClose({ comm_id: "gone" }, parts()),
        UnknownCommError,
        /comm_close for comm "gone"/,
      ],
      [
        () => comms.receiveMsg({ data: {} }, parts()),
        MalformedCommMessageError,
        /comm_msg needs a comm_id string; got undefined/,
      ],
      [
        () => comms.receiveMsg("text", parts()),
        MalformedCommMessageError,
        /comm_msg content must be an object/,
      ],
      [
        () => comms.receiveMsg({ comm_id: "dup", data: "x" }, parts()),
        MalformedCommMessageError,
        /data must be an object; got "x"/,
      ],
      [
        () => comms.receiveOpen({ comm_id: "n" }, parts(), publish),
        MalformedCommMessageError,
        /has no target_name/,
      ],
      [
        () => comms.receiveOpen({ comm_id: "dup", target_name: "t" }, parts(), publish),
        MalformedCommMessageError,
        /already open/,
      ],
    ];
    for (const [run, type, message] of cases) {
      expect(run).toThrow(type as never);
      expect(run).toThrow(message);
      expect(run).toThrow(/Fix: /);
    }
    expect(comms.info()).toEqual({ dup: { target_name: "t" } });
  });
});
