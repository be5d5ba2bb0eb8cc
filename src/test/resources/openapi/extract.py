#!/usr/bin/env python3
"""Extract the parts of GitHub's REST API description that the sandbox serves.

Usage:  npm pack @octokit/openapi@VERSION        (in a scratch folder)
        tar xzf octokit-openapi-VERSION.tgz
        python3 extract.py package/generated > api.github.com.json

Reads <dir>/api.github.com.json (OpenAPI 3.0, with $refs) and, for the GHES releases, which of the
operations below each release describes. Writes one JSON document:

  source        the package, its version and the description file
  operations    "GET /repos/{owner}/{repo}/actions/runs/{run_id}" -> operationId, and per documented
                status: the response headers (name -> JSON schema) and the JSON body schema
  ghes          release ("3.19") -> the operation keys of the list below that the release describes
  $defs         every components/schemas entry those responses reach, by name

Schemas are turned from OpenAPI 3.0 into JSON Schema 2020-12 so a plain validator checks them:
"nullable: true" becomes a "null" alternative, "$ref: #/components/schemas/X" becomes
"#/$defs/X", and "example(s)", "discriminator", "xml" and "x-*" keys (annotations only) are dropped.
Everything else is kept as written.
"""
import json
import sys

# Every operation the sandbox's GitHub server answers (GitHubApi.register and GitHubServer).
OPERATIONS = [
    ("GET", "/"),
    ("GET", "/rate_limit"),
    ("GET", "/user"),
    ("GET", "/users/{username}"),
    ("GET", "/repos/{owner}/{repo}"),
    ("GET", "/repos/{owner}/{repo}/contents/{path}"),
    ("GET", "/repos/{owner}/{repo}/actions/workflows"),
    ("GET", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}"),
    ("POST", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches"),
    ("GET", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs"),
    ("GET", "/repos/{owner}/{repo}/actions/runs"),
    ("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}"),
    ("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}"),
    ("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs"),
    ("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/logs"),
    ("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts"),
    ("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/cancel"),
    ("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/approve"),
    ("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments"),
    ("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments"),
    ("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/concurrency_groups"),
    ("GET", "/repos/{owner}/{repo}/actions/jobs/{job_id}"),
    ("GET", "/repos/{owner}/{repo}/actions/jobs/{job_id}/logs"),
    ("GET", "/repos/{owner}/{repo}/actions/concurrency_groups"),
    ("GET", "/repos/{owner}/{repo}/actions/concurrency_groups/{concurrency_group_name}"),
    ("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}"),
    ("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations"),
    ("GET", "/orgs/{org}"),
    ("GET", "/orgs/{org}/repos"),
    ("GET", "/app/installations"),
    ("POST", "/app/installations/{installation_id}/access_tokens"),
    ("GET", "/repos/{owner}/{repo}/installation"),
    ("GET", "/installation/repositories"),
]
GHES = ["3.17", "3.18", "3.19"]
DROP = {"example", "examples", "discriminator", "xml", "externalDocs", "deprecated"}


def resolve(doc, node):
    """Follows a local $ref (components/responses, components/headers) to its target."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        target = doc
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def convert(node, used, todo):
    if isinstance(node, list):
        return [convert(x, used, todo) for x in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        ref = node["$ref"]
        prefix = "#/components/schemas/"
        assert ref.startswith(prefix), ref
        name = ref[len(prefix):]
        if name not in used:
            used.add(name)
            todo.append(name)
        return {"$ref": "#/$defs/" + name}
    out = {}
    for k, v in node.items():
        if k in DROP or k.startswith("x-") or k == "nullable":
            continue
        if k in ("properties", "patternProperties", "$defs"):
            out[k] = {name: convert(s, used, todo) for name, s in v.items()}
        else:
            out[k] = convert(v, used, todo)
    if node.get("nullable") is True:
        t = out.get("type")
        if isinstance(t, str) and set(out) <= {"type", "format", "description", "title", "enum",
                                                "minimum", "maximum", "minLength", "maxLength",
                                                "pattern", "items", "properties", "required",
                                                "additionalProperties", "default", "readOnly",
                                                "minItems", "maxItems", "uniqueItems"}:
            out["type"] = [t, "null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = out["enum"] + [None]
        else:
            out = {"anyOf": [{"type": "null"}, out]}
    return out


def main(folder):
    with open(f"{folder}/api.github.com.json", encoding="utf-8") as f:
        doc = json.load(f)
    used, todo = set(), []
    operations = {}
    for method, path in OPERATIONS:
        op = doc["paths"][path][method.lower()]
        responses = {}
        for status, resp in op["responses"].items():
            resp = resolve(doc, resp)
            headers = {name: convert(resolve(doc, h).get("schema", {}), used, todo)
                       for name, h in resp.get("headers", {}).items()}
            content = resp.get("content", {})
            media = "application/json" if "application/json" in content else next(iter(content), None)
            entry = {"description": resp.get("description", "")}
            if headers:
                entry["headers"] = headers
            if media is not None and "schema" in content[media]:
                entry["mediaType"] = media
                entry["schema"] = convert(content[media]["schema"], used, todo)
            responses[status] = entry
        operations[f"{method} {path}"] = {"operationId": op["operationId"], "responses": responses}
    defs = {}
    while todo:
        name = todo.pop()
        defs[name] = convert(doc["components"]["schemas"][name], used, todo)
    ghes = {}
    for release in GHES:
        with open(f"{folder}/ghes-{release}.json", encoding="utf-8") as f:
            paths = json.load(f)["paths"]
        ghes[release] = [f"{m} {p}" for m, p in OPERATIONS if p in paths and m.lower() in paths[p]]
    out = {
        "source": {"package": "@octokit/openapi", "version": doc["info"]["version"],
                   "file": "generated/api.github.com.json", "openapi": doc["openapi"]},
        "operations": operations,
        "ghes": ghes,
        "$defs": dict(sorted(defs.items())),
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=False, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package/generated")
