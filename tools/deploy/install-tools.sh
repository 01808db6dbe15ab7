#!/usr/bin/env bash
# Installs what the deployment checks need, into ~/.cache/salescast (outside the clone), each step
# skipped when its pinned version is already there:
#   helm                (go install helm.sh/helm/v4/cmd/helm; compiles for several minutes on 2 cores)
#   kustomize           (go install sigs.k8s.io/kustomize/kustomize/v5)
#   kubernetes-validate (PyPI, in a venv: it ships the Kubernetes API JSON schemas, per minor version)
#   prometheus-operator (Go module, for the ServiceMonitor and PrometheusRule CRD schemas)
# Prints the tools' locations as shell assignments on the last lines (check.sh sources them).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tools.env
source "$here/tools.env"

CACHE="${SALESCAST_CACHE:-$HOME/.cache/salescast}"
BIN="$CACHE/bin"
mkdir -p "$BIN"
log() { printf '%s\n' "$*" >&2; }

# helm (v4, built from source by the Go toolchain; the only channel this machine has)
# A `go install` build does not carry its release version (helm says v4.3), so a marker file records it.
if [[ -x "$BIN/helm" && "$(cat "$BIN/helm.version" 2>/dev/null)" == "$HELM_VERSION" ]]; then
  log "helm $HELM_VERSION: present"
else
  command -v go >/dev/null || { log 'go is required to build helm'; exit 1; }
  log "helm $HELM_VERSION: go install (several minutes on 2 cores)"
  started=$SECONDS
  GOBIN="$BIN" GOFLAGS=-mod=mod go install "helm.sh/helm/v4/cmd/helm@$HELM_VERSION"
  echo "$HELM_VERSION" >"$BIN/helm.version"
  log "helm $HELM_VERSION: built in $((SECONDS - started))s"
fi

# kustomize
if [[ -x "$BIN/kustomize" && "$(cat "$BIN/kustomize.version" 2>/dev/null)" == "$KUSTOMIZE_VERSION" ]]; then
  log "kustomize $KUSTOMIZE_VERSION: present"
else
  log "kustomize $KUSTOMIZE_VERSION: go install"
  started=$SECONDS
  GOBIN="$BIN" GOFLAGS=-mod=mod go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
  echo "$KUSTOMIZE_VERSION" >"$BIN/kustomize.version"
  log "kustomize $KUSTOMIZE_VERSION: built in $((SECONDS - started))s"
fi

# kubernetes-validate (Python venv; its wheel carries the schemas, so validation needs no network)
KV="$CACHE/kubernetes-validate-$KUBERNETES_VALIDATE_VERSION"
if [[ -x "$KV/bin/python" ]] && "$KV/bin/python" -c 'import kubernetes_validate' 2>/dev/null; then
  log "kubernetes-validate $KUBERNETES_VALIDATE_VERSION: present"
else
  log "kubernetes-validate $KUBERNETES_VALIDATE_VERSION: pip install"
  rm -rf "$KV"
  python3 -m venv "$KV"
  "$KV/bin/pip" install --quiet --disable-pip-version-check "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
fi

# prometheus-operator CRDs (the Go module cache keeps the download)
crd_dir="$(GOFLAGS=-mod=mod go mod download -json "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')/example/prometheus-operator-crd-full"
[[ -f "$crd_dir/monitoring.coreos.com_servicemonitors.yaml" ]] || { log "no CRDs in $crd_dir"; exit 1; }
log "prometheus-operator $PROMETHEUS_OPERATOR_VERSION CRDs: $crd_dir"

printf 'HELM=%q\nKUSTOMIZE=%q\nKV_PYTHON=%q\nCRD_DIR=%q\n' "$BIN/helm" "$BIN/kustomize" "$KV/bin/python" "$crd_dir"
