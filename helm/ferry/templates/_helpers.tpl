{{/* The chart's name, or nameOverride. */}}
{{- define "ferry.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The name of the release's objects (63 characters at most: a DNS label). The release name alone when it already
contains the chart's name, so "helm install ferry" gives "ferry", not "ferry-ferry".
*/}}
{{- define "ferry.fullname" -}}
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

{{- define "ferry.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ferry.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ferry.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ferry.labels" -}}
helm.sh/chart: {{ include "ferry.chart" . }}
{{ include "ferry.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "ferry.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ferry.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "ferry.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The Secret the container reads: the user's existing one, or the chart's. */}}
{{- define "ferry.secretName" -}}
{{- default (include "ferry.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/*
Where Mesos agents reach the app: advertisedUrl, or the Service's cluster DNS name. Agents run outside the pod, so
it must never be the pod's own host name, which is what the app would advertise by itself.
*/}}
{{- define "ferry.advertisedUrl" -}}
{{- if .Values.advertisedUrl }}
{{- .Values.advertisedUrl }}
{{- else }}
{{- printf "http://%s.%s.svc.%s:%v" (include "ferry.fullname" .) .Release.Namespace .Values.clusterDomain .Values.service.port }}
{{- end }}
{{- end }}

{{/*
Checks the schema cannot express, each failing the rendering with one line that names the value. Included by the
Deployment, so that nothing is rendered from a configuration that cannot start.
*/}}
{{- define "ferry.validate" -}}
{{- if and .Values.localCluster .Values.mesos.master }}
{{- fail "mesos.master and localCluster are both set: set mesos.master for a real Mesos cluster, or localCluster=true (and no master) for a demo" }}
{{- end }}
{{- if not (or .Values.localCluster .Values.mesos.master) }}
{{- fail "mesos.master is required: set it to the Mesos master's URL (--set mesos.master=http://mesos-master:5050), or set localCluster=true for a demo with an embedded cluster" }}
{{- end }}
{{- include "ferry.atLeast" (list "executor.cpus" .Values.executor.cpus 0.01) }}
{{- include "ferry.atLeast" (list "executor.memMb" .Values.executor.memMb 64) }}
{{- include "ferry.atLeast" (list "task.cpus" .Values.task.cpus 0.001) }}
{{- include "ferry.atLeast" (list "task.memMb" .Values.task.memMb 1) }}
{{- if and .Values.secrets.mesosSecret (not .Values.mesos.principal) (not .Values.secrets.existingSecret) }}
{{- fail "secrets.mesosSecret needs mesos.principal: Mesos authenticates a principal with its secret" }}
{{- end }}
{{- end }}

{{/*
(list name value minimum): fails unless value is at least minimum. The schema checks the minimum of a number, but
`--set executor.cpus=0.5` makes a string, which the schema can only check for its form.
*/}}
{{- define "ferry.atLeast" -}}
{{- $name := index . 0 }}{{ $value := index . 1 }}{{ $minimum := index . 2 }}
{{- if lt (float64 $value) (float64 $minimum) }}
{{- fail (printf "%s=%v: must be at least %v" $name $value $minimum) }}
{{- end }}
{{- end }}
