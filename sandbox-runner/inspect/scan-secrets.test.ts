import { describe, expect, it } from "vitest";
import { scanSecretContent } from "./scan-secret-content";
import { isSecretScanCandidate, secretFileKind } from "./secret-file-kind";
import { SecretScanner } from "./secret-scanner";
import { isSecretVariableName } from "./secret-variable-name";
import { file } from "./testing/layer-fixtures";

const AWS_KEY = ["AKIA", "QWERTYUIOPASDFGH"].join("");
const GITHUB = `ghp_${"a1B2c3D4e5".repeat(4)}`;

describe("scanSecretContent", () => {
  it("finds known formats and keeps only a redacted preview", () => {
    const hits = scanSecretContent("app/settings.py", `DEBUG = True\nAWS = "${AWS_KEY}"\ntoken = "${GITHUB}"\n`);
    expect(hits.map((h) => [h.kind, h.line])).toEqual([
      ["aws-access-key-id", 2],
      ["github-token", 3],
    ]);
    for (const hit of hits)
      expect(hit.preview).not.toContain(hit.kind === "github-token" ? GITHUB.slice(4, 20) : AWS_KEY.slice(4));
    expect(hits[0]!.preview).toBe("AKIA…(20 chars)");
  });

  it("reports a PEM private key by its header, which is not secret", () => {
    const [hit] = scanSecretContent(
      "k",
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----\n",
    );
    expect(hit).toMatchObject({ kind: "private-key-block", preview: "-----BEGIN OPENSSH PRIVATE KEY-----" });
  });

  it("ignores look-alikes in ordinary text", () => {
    expect(scanSecretContent("req.txt", "scikit-learn==1.5\nsk-learn\nhf_hub\nxoxo\nBEGIN CERTIFICATE")).toEqual([]);
  });
});

describe("secretFileKind", () => {
  it.each([
    ["app/.env", "env-file"],
    ["app/.env.production", "env-file"],
    ["root/.ssh/id_rsa", "ssh-private-key-file"],
    ["root/.aws/credentials", "credentials-file"],
    ["root/.kube/config", "kubeconfig"],
    ["home/app/.npmrc", "npmrc"],
    ["srv/tls/server.key", "private-key-file"],
  ])("%s is %s", (path, kind) => {
    expect(secretFileKind(path)).toBe(kind);
  });

  it.each([
    "app/.env.example",
    "root/.ssh/id_rsa.pub",
    "usr/local/lib/python3.11/site-packages/certifi/cacert.pem",
    "etc/ssl/private/ssl-cert-snakeoil.key",
    "app/main.py",
  ])("%s is not a secret by name", (path) => {
    expect(secretFileKind(path)).toBeUndefined();
  });

  it("reads app and home files but not system trees", () => {
    expect(isSecretScanCandidate("app/config.yaml")).toBe(true);
    expect(isSecretScanCandidate("root/.bash_history")).toBe(true);
    expect(isSecretScanCandidate("usr/lib/python3/dist-packages/pip/__init__.py")).toBe(false);
    expect(isSecretScanCandidate("var/lib/dpkg/status")).toBe(false);
  });
});

describe("SecretScanner", () => {
  it("lists the names an .env defines, never the values", () => {
    const hits = new SecretScanner().scan(
      file("app/.env", 40),
      Buffer.from("DB_PASSWORD=hunter2\nexport API_KEY=abc\n"),
    );
    expect(hits).toEqual([{ path: "app/.env", kind: "env-file", by: "name", preview: "defines DB_PASSWORD, API_KEY" }]);
  });

  it("drops a .pem that only holds certificates", () => {
    expect(
      new SecretScanner().scan(
        file("app/ca.pem", 60),
        Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
      ),
    ).toEqual([]);
  });

  it("stops reading once the per-image budget is spent and says so", () => {
    const scanner = new SecretScanner();
    let wanted = 0;
    for (let i = 0; i < 200; i++) if (scanner.wants(file(`app/f${i}.txt`, 60_000))) wanted++;
    expect(wanted).toBeLessThan(200);
    expect(scanner.truncated).toBe(true);
    expect(scanner.wants(file("app/big.txt", 70_000))).toBe(false);
  });
});

describe("isSecretVariableName", () => {
  it("flags secret-looking names but not PWD or GPG_KEY", () => {
    expect(
      ["DB_PASSWORD", "HF_TOKEN", "AWS_SECRET_ACCESS_KEY", "OPENAI_API_KEY", "API_KEY"].every(isSecretVariableName),
    ).toBe(true);
    expect(["PWD", "GPG_KEY", "PATH", "PYTHON_VERSION", "TOKENIZERS_PARALLELISM"].some(isSecretVariableName)).toBe(
      false,
    );
  });
});
