# Sourced by bin/jdk and bin/stack: the machine's default java may be older than 25, so look for one.
# Sets JAVA_BIN and exports JAVA_HOME, or returns 1.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1; }
find_java() {
  local candidates=() d c major
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [[ -x "$d/bin/java" ]] && candidates+=("$d/bin/java")
  done
  for c in "${candidates[@]}"; do
    major="$(java_major "$c" || true)"
    if [[ -n "$major" && "${major%%.*}" -ge 25 ]]; then
      JAVA_BIN="$c"
      JAVA_HOME="$(cd "$(dirname "$c")/.." && pwd)"
      export JAVA_HOME
      return 0
    fi
  done
  return 1
}
