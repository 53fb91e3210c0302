#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace asyncdemo::testing {

// What in `trace` breaks the Trace Event Format's rules, as Perfetto and chrome://tracing read
// them; empty when nothing does. Checked: the array form; every event a named object with a
// known phase; metadata naming processes and threads; pid, tid and a timestamp >= 0 on every
// other event; complete events ("X") with a duration >= 0 that nest properly on their thread
// (two slices of one thread never half overlap); nestable async events ("b", "n", "e") with a
// category and an id, forming per (pid, cat, id) a stack in file order whose every "e" closes
// the innermost open "b" of the same name, no earlier than it began, with nothing left open and
// "n" only inside an open slice; instant events with a scope of g, p or t; and a name for every
// process and every thread that has slices.
std::vector<std::string> trace_event_problems(const nlohmann::json& trace);

}  // namespace asyncdemo::testing
