#!/usr/bin/env python3
"""Validates rendered Kubernetes manifests offline, against the API schemas of one pinned version.

Built-in kinds: the JSON schemas shipped inside the PyPI package kubernetes-validate (one folder per
Kubernetes minor version), strict: an unknown field is an error, as `kubectl apply --validate=strict`.
Prometheus Operator kinds (ServiceMonitor, PrometheusRule): the openAPIV3Schema of their CRDs, from
the prometheus-operator Go module's example/prometheus-operator-crd-full/ (fetched with
`go mod download`), made strict the same way (no unknown fields where the CRD lists properties and
does not preserve unknown fields). Any other kind is an error: nothing is skipped silently.

usage: validate-manifests.py --kubernetes-version 1.33.0 --crd-dir DIR FILE... ('-' reads stdin)
"""
import argparse
import copy
import os
import sys

import jsonschema
import kubernetes_validate
import yaml


def strict(schema):
    """A validator of a copy of an OpenAPI v3 schema where objects with listed properties admit no others."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if (
                node.get("type") == "object"
                and "properties" in node
                and "additionalProperties" not in node
                and not node.get("x-kubernetes-preserve-unknown-fields")
            ):
                node["additionalProperties"] = False
            pattern = node.get("pattern")
            if isinstance(pattern, str) and "(?i)" in pattern and not pattern.startswith("(?i)"):
                # Go's regexp takes inline flags anywhere; Python's only at the start.
                node["pattern"] = "(?i)" + pattern.replace("(?i)", "")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return jsonschema.Draft7Validator(schema)


# The CRDs of the kinds salescast renders (loading all of them would only cost time).
CRD_FILES = ("monitoring.coreos.com_servicemonitors.yaml", "monitoring.coreos.com_prometheusrules.yaml")
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# YAML 1.1's `=` (value) tag appears in CRD enums; it is just the string "=".
Loader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))


def crd_schemas(crd_dir):
    """(apiVersion, kind) -> validator of the strict schema, for the CRDs in CRD_FILES."""
    schemas = {}
    for path in (os.path.join(crd_dir, name) for name in CRD_FILES):
        with open(path) as f:
            crd = yaml.load(f, Loader=Loader)
        if not crd or crd.get("kind") != "CustomResourceDefinition":
            continue
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            schema = version["schema"]["openAPIV3Schema"]
            schemas[(f"{group}/{version['name']}", kind)] = strict(schema)
    return schemas


def documents(paths):
    for path in paths:
        stream = sys.stdin if path == "-" else open(path)
        with stream:
            for doc in yaml.load_all(stream, Loader=Loader):
                if doc:
                    yield path, doc


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kubernetes-version", required=True)
    parser.add_argument("--crd-dir", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    crds = crd_schemas(args.crd_dir)
    if not crds:
        sys.exit(f"no CRD schemas found in {args.crd_dir}")
    failures, counts = [], {}
    for path, doc in documents(args.files):
        kind, api_version = doc.get("kind"), doc.get("apiVersion")
        name = f"{path}: {kind} {doc.get('metadata', {}).get('name')}"
        try:
            if (api_version, kind) in crds:
                error = jsonschema.exceptions.best_match(crds[(api_version, kind)].iter_errors(doc))
                if error is not None:
                    raise error
            else:
                kubernetes_validate.validate(doc, args.kubernetes_version, strict=True)
            counts[kind] = counts.get(kind, 0) + 1
        except kubernetes_validate.SchemaNotFoundError:
            failures.append(f"{name}: no schema for {api_version} {kind} in Kubernetes {args.kubernetes_version} or the CRDs")
        except jsonschema.ValidationError as e:
            where = "/".join(str(p) for p in e.absolute_path) or "(top)"
            failures.append(f"{name}: {where}: {e.message}")
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    if failures:
        print("\n".join(failures), file=sys.stderr)
        print(f"{len(failures)} invalid; valid: {summary}", file=sys.stderr)
        sys.exit(1)
    print(f"valid against Kubernetes {args.kubernetes_version} (strict): {summary}")


if __name__ == "__main__":
    main()
