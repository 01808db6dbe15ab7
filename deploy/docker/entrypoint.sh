#!/bin/sh
# Entrypoint of the salescast image: with a command, run it (exec, so it is PID 1 and gets SIGTERM);
# without one, run the service that SERVICE names.
set -eu
if [ "$#" -gt 0 ]; then
  exec "$@"
fi
if [ -z "${SERVICE:-}" ] || [ ! -f "services/${SERVICE}/dist/main.js" ]; then
  echo "salescast: set SERVICE to one of: $(ls services | tr '\n' ' ')(got '${SERVICE:-}')" >&2
  exit 64
fi
exec node "services/${SERVICE}/dist/main.js"
