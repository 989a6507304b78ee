{{/* The generated deployment table (deployment.yaml beside Chart.yaml). */}}
{{- define "marac.table" -}}
{{- .Files.Get "deployment.yaml" | fromYaml | toJson -}}
{{- end -}}

{{- define "marac.labels" -}}
app.kubernetes.io/part-of: marac-hub
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* A Secret's value: kept from the cluster when it exists, else made at random. */}}
{{- define "marac.kept" -}}
{{- $secret := lookup "v1" "Secret" .namespace .name -}}
{{- if and $secret (hasKey $secret.data .key) -}}
{{- index $secret.data .key -}}
{{- else -}}
{{- .made | b64enc -}}
{{- end -}}
{{- end -}}
