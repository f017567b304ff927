#!/usr/bin/env bash
# Environment for running the repository's Pulumi CLI (.tools/bin, see scripts/build-tools.sh).
#
#   eval "$(scripts/pulumi-env.sh)"      # export into the current shell
#   source scripts/pulumi-env.sh         # same, when sourced
#   scripts/pulumi-env.sh -- pulumi up   # run one command with it
#
# Values already set in the environment win (except PATH, which gets .tools/bin prepended):
#   PULUMI_CONFIG_PASSPHRASE   default "demo-passphrase" (passphrase secrets provider, local state only;
#                              not set when PULUMI_CONFIG_PASSPHRASE_FILE is)
#   PULUMI_BACKEND_URL         default file://<repo>/.pulumi-state (directory created; git-ignored)
#   PULUMI_HOME                default <repo>/.tools/pulumi-home (nothing touches ~/.pulumi)
# Always: PULUMI_SKIP_UPDATE_CHECK=true, PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true.
_pe_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

_pe_backend=${PULUMI_BACKEND_URL:-file://$_pe_root/.pulumi-state}
_pe_home=${PULUMI_HOME:-$_pe_root/.tools/pulumi-home}
case "$_pe_backend" in
  file://*) mkdir -p "${_pe_backend#file://}" ;;
esac
mkdir -p "$_pe_home"

_pe_vars=(
  "PATH=$_pe_root/.tools/bin:$PATH"
  "PULUMI_SKIP_UPDATE_CHECK=true"
  "PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true"
  "PULUMI_BACKEND_URL=$_pe_backend"
  "PULUMI_HOME=$_pe_home"
)

# A passphrase file chosen by the user wins over the default passphrase.
if [[ -n "${PULUMI_CONFIG_PASSPHRASE+x}" || -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]]; then
  _pe_vars+=("PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE-demo-passphrase}")
fi

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # sourced
  for _pe_v in "${_pe_vars[@]}"; do export "${_pe_v?}"; done
  unset _pe_v _pe_root _pe_backend _pe_home _pe_vars
  return 0
fi

set -euo pipefail
if [[ "${1:-}" == "--" ]]; then
  shift
  exec env "${_pe_vars[@]}" "$@"
fi
for _pe_v in "${_pe_vars[@]}"; do
  printf 'export %s=%q\n' "${_pe_v%%=*}" "${_pe_v#*=}"
done
