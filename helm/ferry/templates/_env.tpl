{{/*
The container's environment: Ferry's properties through Spring Boot's relaxed binding (ferry.mesos.master is
FERRY_MESOS_MASTER, ferry.advertised-url is FERRY_ADVERTISEDURL), the secrets from the Secret, then extraEnv, which
may override any of them.
*/}}
{{- define "ferry.env" -}}
{{- if not .Values.localCluster }}
- name: FERRY_MESOS_MASTER
  value: {{ .Values.mesos.master | quote }}
- name: FERRY_ADVERTISEDURL
  value: {{ include "ferry.advertisedUrl" . | quote }}
{{- end }}
- name: FERRY_MESOS_FRAMEWORKNAME
  value: {{ .Values.mesos.frameworkName | quote }}
- name: FERRY_MESOS_ROLE
  value: {{ .Values.mesos.role | quote }}
{{- with .Values.mesos.principal }}
- name: FERRY_MESOS_PRINCIPAL
  value: {{ . | quote }}
{{- end }}
{{- with .Values.mesos.user }}
- name: FERRY_MESOS_USER
  value: {{ . | quote }}
{{- end }}
- name: FERRY_MESOS_FAILOVERTIMEOUT
  value: {{ .Values.mesos.failoverTimeout | quote }}
- name: FERRY_MESOS_STATEDIR
  value: /var/lib/ferry
- name: FERRY_EXECUTOR_CPUS
  value: {{ .Values.executor.cpus | toString | quote }}
- name: FERRY_EXECUTOR_MEMMB
  value: {{ .Values.executor.memMb | toString | quote }}
{{- with .Values.executor.javaOpts }}
- name: FERRY_EXECUTOR_JAVAOPTS
  value: {{ . | quote }}
{{- end }}
- name: FERRY_TASK_CPUS
  value: {{ .Values.task.cpus | toString | quote }}
- name: FERRY_TASK_MEMMB
  value: {{ .Values.task.memMb | toString | quote }}
- name: FERRY_TASK_TIMEOUT
  value: {{ .Values.task.timeout | quote }}
- name: FERRY_TASK_MAXRETRIES
  value: {{ .Values.task.maxRetries | toString | quote }}
- name: FERRY_SECURITY_USERNAME
  value: {{ .Values.security.username | quote }}
- name: FERRY_SECURITY_READREQUIRESLOGIN
  value: {{ .Values.security.readRequiresLogin | toString | quote }}
- name: FERRY_SECURITY_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "ferry.secretName" . }}
      key: operator-password
{{- $existing := .Values.secrets.existingSecret }}
{{- /* An existing Secret may hold the optional keys or not: optional references leave the variable unset. */}}
{{- if or $existing .Values.secrets.apiToken }}
- name: FERRY_SECURITY_APITOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "ferry.secretName" . }}
      key: api-token
      {{- if $existing }}
      optional: true
      {{- end }}
{{- end }}
{{- if or $existing .Values.secrets.mesosSecret }}
- name: FERRY_MESOS_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "ferry.secretName" . }}
      key: mesos-secret
      {{- if $existing }}
      optional: true
      {{- end }}
{{- end }}
{{- with .Values.javaOpts }}
- name: JDK_JAVA_OPTIONS
  value: {{ . | quote }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
