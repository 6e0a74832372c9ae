# check.sh: the pass/fail bookkeeping the e2e scripts share (sourced, not a test itself: ctest
# runs tests/e2e/*.sh only). `check DESCRIPTION COMMAND...` runs the command and counts it,
# printing the description when it fails; `check_done [LABEL]` prints the counts and returns
# nonzero when anything failed (the script's last command, so its exit status);
# `need_tools TOOL...` ends the script as failed when a tool is not installed.
pass=0 fail=0
check() {
  local what=$1
  shift
  if "$@"; then pass=$((pass + 1)); else echo "FAIL: $what"; fail=$((fail + 1)); fi
}
check_done() {
  echo "${1:+$1: }$pass passed, $fail failed"
  [ "$fail" = 0 ]
}
need_tools() {
  local tool
  for tool; do
    command -v "$tool" >/dev/null 2>&1 || { echo "FAIL: $tool is not installed (setup.sh)"; exit 1; }
  done
}
