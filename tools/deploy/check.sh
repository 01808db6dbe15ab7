#!/usr/bin/env bash
# npm run deploy:check — the chart, the kustomize manifests and their sources, checked offline:
#   1. helm/salescast/files in sync with deploy/prometheus and deploy/grafana/dashboards
#   2. k8s/ up to date with the chart (rendered with k8s/helm-values.yaml)
#   3. helm lint --strict with every helm/salescast/ci/*-values.yaml
#   4. helm template with each of them, validated against the Kubernetes API schemas of a pinned
#      version (strict) and the Prometheus Operator CRDs
#   5. kustomize build of k8s/base and each overlay, validated the same way
# Installs the tools first when missing (install-tools.sh; cached in ~/.cache/salescast).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source tools/deploy/tools.env
eval "$(bash tools/deploy/install-tools.sh)"
export HELM

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
validate() { "$KV_PYTHON" tools/deploy/validate-manifests.py --kubernetes-version "$KUBERNETES_VERSION" --crd-dir "$CRD_DIR" "$@"; }

npx tsc -b tools/deploy
echo '--- helm/salescast/files'
node tools/deploy/dist/helm-sync.js --check
echo '--- k8s/'
node tools/deploy/dist/render-k8s.js --check

for values in helm/salescast/ci/*-values.yaml; do
  scenario="$(basename "$values" -values.yaml)"
  echo "--- chart, scenario $scenario"
  "$HELM" lint --strict --quiet helm/salescast --values "$values"
  "$HELM" template salescast helm/salescast --namespace salescast --values "$values" >"$out/chart-$scenario.yaml"
  validate "$out/chart-$scenario.yaml"
done

for dir in k8s/base k8s/overlays/*; do
  echo "--- kustomize build $dir"
  "$KUSTOMIZE" build "$dir" >"$out/kustomize-$(basename "$dir").yaml"
  validate "$out/kustomize-$(basename "$dir").yaml"
done
echo 'deploy checks passed'
