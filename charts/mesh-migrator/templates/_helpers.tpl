{{- define "mesh-migrator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "mesh-migrator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "mesh-migrator.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "mesh-migrator.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "mesh-migrator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mesh-migrator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "mesh-migrator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "mesh-migrator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: mesh-migrator
{{- end -}}

{{- define "mesh-migrator.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "mesh-migrator.sessionSecret" -}}
{{- .Values.sessionKey.existingSecret | default (printf "%s-session" (include "mesh-migrator.fullname" .)) -}}
{{- end -}}

{{/* The oauth2-proxy sidecar sits in front: the dashboard then listens on loopback only. */}}
{{- define "mesh-migrator.sidecar" -}}
{{- if and (eq .Values.auth.mode "proxy") .Values.auth.proxy.sidecar -}}true{{- end -}}
{{- end -}}

{{/* Every read-only reason in one place: the setting, or an install without login. */}}
{{- define "mesh-migrator.readOnly" -}}
{{- if or .Values.readOnly (eq .Values.auth.mode "none") -}}true{{- else -}}false{{- end -}}
{{- end -}}

{{/* Host names the server answers to: the configured ones, plus Ingress and HTTPRoute hosts. */}}
{{- define "mesh-migrator.allowedHosts" -}}
{{- $hosts := list -}}
{{- range .Values.allowedHosts }}{{ $hosts = append $hosts . }}{{ end -}}
{{- if .Values.ingress.enabled }}{{ range .Values.ingress.hosts }}{{ $hosts = append $hosts . }}{{ end }}{{ end -}}
{{- if .Values.httpRoute.enabled }}{{ range .Values.httpRoute.hostnames }}{{ $hosts = append $hosts . }}{{ end }}{{ end -}}
{{- $svc := include "mesh-migrator.fullname" . -}}
{{- $hosts = append $hosts $svc -}}
{{- $hosts = append $hosts (printf "%s.%s" $svc .Release.Namespace) -}}
{{- $hosts = append $hosts (printf "%s.%s.svc" $svc .Release.Namespace) -}}
{{- $hosts = append $hosts (printf "%s.%s.svc.cluster.local" $svc .Release.Namespace) -}}
{{- join "," (uniq $hosts) -}}
{{- end -}}
