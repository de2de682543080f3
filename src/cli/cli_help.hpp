// `segmenter COMMAND --help`: one help table per command, and the printer that lists every flag
// the command's parser accepts (a flag missing from the table shows up marked, and the CLI test
// fails on it, so no accepted flag stays undocumented).
//
// Adding a command's help: add one CommandHelp entry to kCommands in cli_help.cpp (name, usage
// line, one-paragraph summary, then one FlagHelp {flag, argument or "", text} per flag the command
// takes beyond the shared groups), and set import/privacy to include the shared import or
// privacy flags. Nothing else: Args::Parse prints it when the command's arguments hold --help or
// -h (main() names the running command through SetCurrentCommand).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace seg::cli {

struct FlagHelp {
  const char* flag;  // "--rows"
  const char* arg;   // "N", or "" for a switch
  const char* text;  // one line
};

struct CommandHelp {
  const char* name;      // "inspect"
  const char* usage;     // "segmenter inspect FILE [options]"
  const char* summary;   // what the command does (may span lines)
  std::vector<FlagHelp> flags;
  bool import = false;   // also takes the import options (--encoding, --delimiter, ...)
  bool privacy = false;  // also takes the privacy options (--drop-personal, ...)
};

// The table of `name`, or nullptr.
const CommandHelp* FindCommandHelp(std::string_view name);
const std::vector<CommandHelp>& AllCommandHelp();

// The command that is running (set by main before dispatching), whose help --help prints.
void SetCurrentCommand(std::string_view name);
const std::string& CurrentCommand();

// Prints the current command's help to stdout: its usage, summary and every flag in `values` and
// `bools` (the parser's sets) with its text, a flag without one marked "(undocumented)".
void PrintCommandHelp(const std::set<std::string>& values, const std::set<std::string>& bools);

}  // namespace seg::cli
