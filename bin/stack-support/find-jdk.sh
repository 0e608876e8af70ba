# Sourced by bin/jdk and bin/stack: the machine's default java may be older than 25, so look for one.
# Sets JAVA_BIN and exports JAVA_HOME, or returns 1.
# A JDK's release file names its version; reading it spares starting a JVM per candidate (~0.13 s each, which
# every bin/stack command paid for each JDK on the machine). Without one, the JVM is asked.
java_major() {
  local release; release="$(dirname "$(readlink -f "$1")")/../release"
  if [[ -f "$release" ]] && grep -q '^JAVA_VERSION="' "$release"; then
    sed -n 's/^JAVA_VERSION="\([0-9.]*\).*/\1/p' "$release" | head -1
  else
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
  fi
}
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
