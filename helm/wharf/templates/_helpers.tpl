{{/*
Chart name, overridable with nameOverride.
*/}}
{{- define "wharf.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Prefix of every resource name: fullnameOverride, else "<release>-<chart>" (or "<release>" when the
release name already contains the chart name). 63 characters at most (DNS label).
*/}}
{{- define "wharf.fullname" -}}
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

{{/*
Chart label value: name-version.
*/}}
{{- define "wharf.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every object.
*/}}
{{- define "wharf.labels" -}}
helm.sh/chart: {{ include "wharf.chart" . }}
app.kubernetes.io/name: {{ include "wharf.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: wharf
{{- end }}

{{/*
Selector labels of the operator pods (stable across upgrades: never add to them).
*/}}
{{- define "wharf.operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wharf.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/*
Selector labels of the bundled Redis pod.
*/}}
{{- define "wharf.redis.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wharf.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: redis
{{- end }}

{{/*
Name of the ServiceAccount the operator runs as.
*/}}
{{- define "wharf.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "wharf.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image references; an empty tag means the chart's appVersion.
*/}}
{{- define "wharf.operator.image" -}}
{{- printf "%s:%s" .Values.image.operator.repository (default .Chart.AppVersion .Values.image.operator.tag) }}
{{- end }}

{{- define "wharf.packager.image" -}}
{{- printf "%s:%s" .Values.image.packager.repository (default .Chart.AppVersion .Values.image.packager.tag) }}
{{- end }}

{{/*
Namespace of the leader-election Lease.
*/}}
{{- define "wharf.leaderElectionNamespace" -}}
{{- default .Release.Namespace .Values.operator.leaderElection.namespace }}
{{- end }}

{{/*
Name of the bundled Redis Deployment and Service.
*/}}
{{- define "wharf.redis.fullname" -}}
{{- printf "%s-redis" (include "wharf.fullname" . | trunc 57 | trimSuffix "-") }}
{{- end }}

{{/*
Redis URL handed to the operator: the bundled Redis (by cluster DNS name, since packagers run in
other namespaces) or the external one; empty when neither is configured.
*/}}
{{- define "wharf.redisUrl" -}}
{{- if .Values.redis.enabled }}
{{- printf "redis://%s.%s.svc:6379" (include "wharf.redis.fullname" .) .Release.Namespace }}
{{- else }}
{{- .Values.redis.external.url }}
{{- end }}
{{- end }}

{{/*
Rules the operator needs in every namespace it watches (the same rules are used by the ClusterRole
and by each namespaced Role). Exactly the verbs the operator uses:
- its two custom resources: read and watch, update (finalizers), patch (status);
- the objects it owns per Channel: full life cycle, no deletecollection;
- Pods and EndpointSlices: read only, to find ready packager pods and push configuration to them;
- Events: create and patch (aggregated events are patched).
*/}}
{{- define "wharf.rbac.rules" -}}
- apiGroups: ["wharf.dev"]
  resources: ["channels", "originendpoints"]
  verbs: ["get", "list", "watch", "update", "patch"]
- apiGroups: ["wharf.dev"]
  resources: ["channels/status", "originendpoints/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["wharf.dev"]
  resources: ["channels/finalizers", "originendpoints/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["secrets", "configmaps", "services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["discovery.k8s.io"]
  resources: ["endpointslices"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["", "events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
