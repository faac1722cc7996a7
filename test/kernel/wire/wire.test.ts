import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createMessage,
  DELIMITER,
  decodeMessage,
  encodeMessage,
  InvalidSignatureError,
  MalformedMessageError,
  MessageSigner,
  UnsupportedSignatureSchemeError,
} from "../../../kernel/wire";

const KEY = "secret-key";
const signer = new MessageSigner("hmac-sha256", KEY);

function request() {
  return createMessage(
    "execute_request",
    { code: "1 + 1" },
    { session: "s1", identities: [Buffer.from("client")] },
  );
}

describe("MessageSigner", () => {
  it("signs the four JSON parts with HMAC-SHA256 (hex), as jupyter_client does", () => {
    const parts = ['{"a":1}', "{}", "{}", '{"code":"x"}'];
    const expected = createHmac("sha256", KEY).update(parts.join("")).digest("hex");
    expect(signer.sign(parts)).toBe(expected);
    expect(signer.verify(expected, parts)).toBe(true);
    expect(
      signer.verify(
        expected.replace(/.$/, (c) => (c === "0" ? "1" : "0")),
        parts,
      ),
    ).toBe(false);
    expect(signer.verify("short", parts)).toBe(false);
  });

  it("with an empty key neither signs nor checks", () => {
    const none = new MessageSigner("hmac-sha256", "");
    expect(none.sign(["{}"])).toBe("");
    expect(none.verify("anything", ["{}"])).toBe(true);
  });

  it("refuses a scheme it cannot check, naming the fix", () => {
    expect(() => new MessageSigner("hmac-md5", KEY)).toThrow(UnsupportedSignatureSchemeError);
    expect(() => new MessageSigner("hmac-md5", KEY)).toThrow(/hmac-sha256/);
  });
});

describe("encodeMessage / decodeMessage", () => {
  it("round-trips identities, parts and buffers through the <IDS|MSG> framing", () => {
    const msg = { ...request(), buffers: [Buffer.from([1, 2, 3])] };
    const frames = encodeMessage(msg, signer);
    expect(frames[0].toString()).toBe("client");
    expect(frames[1].toString()).toBe(DELIMITER);
    const back = decodeMessage(frames, signer);
    expect(back.identities.map(String)).toEqual(["client"]);
    expect(back.header).toEqual(msg.header);
    expect(back.content).toEqual({ code: "1 + 1" });
    expect(back.buffers).toEqual([Buffer.from([1, 2, 3])]);
  });

  it("a reply made with createMessage answers its parent and routes back to the sender", () => {
    const req = request();
    const reply = createMessage("execute_reply", { status: "ok" }, { session: "kernel", parent: req });
    expect(reply.parent_header).toEqual(req.header);
    expect(reply.identities).toBe(req.identities);
    expect(reply.header).toMatchObject({ msg_type: "execute_reply", version: "5.3", session: "kernel" });
  });

  it("rejects a wrongly signed message", () => {
    const frames = encodeMessage(request(), new MessageSigner("hmac-sha256", "other-key"));
    expect(() => decodeMessage(frames, signer)).toThrow(InvalidSignatureError);
  });

  it("rejects a message whose content was changed after signing", () => {
    const frames = encodeMessage(request(), signer);
    frames[6] = Buffer.from('{"code":"process.exit()"}');
    expect(() => decodeMessage(frames, signer)).toThrow(InvalidSignatureError);
  });

  it("rejects frames with no delimiter, too few parts, or parts that are not JSON objects", () => {
    expect(() => decodeMessage([Buffer.from("hello")], signer)).toThrow(MalformedMessageError);
    expect(() => decodeMessage([Buffer.from(DELIMITER), Buffer.from("")], signer)).toThrow(/4 JSON parts/);
    const none = new MessageSigner("hmac-sha256", "");
    const bad = ["not json", "{}", "{}", "{}"].map((s) => Buffer.from(s));
    expect(() => decodeMessage([Buffer.from(DELIMITER), Buffer.from(""), ...bad], none)).toThrow(
      /header is not valid JSON/,
    );
    const arr = ["[]", "{}", "{}", "{}"].map((s) => Buffer.from(s));
    expect(() => decodeMessage([Buffer.from(DELIMITER), Buffer.from(""), ...arr], none)).toThrow(
      /must be a JSON object/,
    );
    const noType = ['{"msg_id":"1"}', "{}", "{}", "{}"].map((s) => Buffer.from(s));
    expect(() => decodeMessage([Buffer.from(DELIMITER), Buffer.from(""), ...noType], none)).toThrow(
      /msg_type/,
    );
  });
});
