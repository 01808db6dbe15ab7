{{/*
Names and labels. Selector labels are kept apart from the other labels because a Deployment's
selector is immutable: they must never change between releases.
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "salescast.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: fullnameOverride, else <release>-<chart> (just <release> when the release
name already contains the chart name). Truncated to 63 characters (DNS label limit).
*/}}
{{- define "salescast.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* chart label value: <name>-<version>. */}}
{{- define "salescast.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object carries. */}}
{{- define "salescast.labels" -}}
helm.sh/chart: {{ include "salescast.chart" . }}
{{ include "salescast.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: salescast
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of the release (immutable). */}}
{{- define "salescast.selectorLabels" -}}
app.kubernetes.io/name: {{ include "salescast.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Component helpers take a dict: (dict "root" $ "name" "training").
*/}}
{{- define "salescast.componentFullname" -}}
{{- printf "%s-%s" (include "salescast.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "salescast.componentLabels" -}}
{{ include "salescast.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "salescast.componentSelectorLabels" -}}
{{ include "salescast.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* The image of every service: one image, the command chooses the service. */}}
{{- define "salescast.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{- define "salescast.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "salescast.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Name of the Secret the chart creates (database URL, Kafka brokers, gateway signing key). */}}
{{- define "salescast.secretName" -}}
{{- include "salescast.fullname" . }}
{{- end }}

{{/* secretKeyRef for one of the connection secrets: (dict "root" $ "cfg" .Values.database "key" "DATABASE_URL"). */}}
{{- define "salescast.secretRef" -}}
{{- if .cfg.existingSecret }}
name: {{ .cfg.existingSecret }}
key: {{ .cfg.existingSecretKey | default .key }}
{{- else }}
name: {{ include "salescast.secretName" .root }}
key: {{ .key }}
{{- end }}
{{- end }}

{{/* Host and gRPC port of a component's Service, for the *_SERVICE_ADDR variables. */}}
{{- define "salescast.grpcAddr" -}}
{{- printf "%s:%d" (include "salescast.componentFullname" .) (int .root.Values.ports.grpc) }}
{{- end }}
