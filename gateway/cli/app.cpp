#include "gateway/cli/app.h"

#include <CLI/CLI.hpp>

#include "gateway/cli/exit_codes.h"
#include "gateway/cli/export_command.h"
#include "gateway/cli/gateway_setup.h"
#include "gateway/cli/import_command.h"
#include "gateway/cli/info_command.h"
#include "gateway/cli/push_command.h"
#include "gateway/cli/serve_command.h"
#include "gateway/cli/status_command.h"
#include "gateway/cli/sync_command.h"
#include "gateway/cli/share_command.h"
#include "gateway/cli/token_command.h"
#include "gateway/cli/user_command.h"

namespace calbridge::cli {

int run(int argc, char** argv) {
    CLI::App app{"calbridge: Outlook PST/OST calendars for standards clients (iCalendar, CalDAV, Exchange)"};
    app.set_version_flag("--version", std::string("calbridge ") + CALBRIDGE_VERSION_STRING);
    app.require_subcommand(1);
    app.fallthrough();  // -v/-q may also follow the command name
    bool verbose = false, quiet = false;
    app.add_flag("-v,--verbose", verbose, "Log every step (debug level)");
    app.add_flag("-q,--quiet", quiet, "Only errors; no progress bar");
    GlobalOptions global;
    app.add_option("--config", global.config_file,
                   "Configuration file (TOML; default: ./calbridge.toml when present, else built-in defaults)");
    app.add_option("--store", global.store_path, "Store database file, instead of [store] path of the configuration");

    InfoOptions info;
    CLI::App* info_cmd = app.add_subcommand("info", "List the calendar folders of a PST/OST file with item counts");
    info_cmd->add_option("FILE", info.input, "PST or OST file")->required();
    info_cmd->add_flag("--json", info.json, "Print every item's stored facts as JSON");

    ExportOptions exp;
    CLI::App* export_cmd = app.add_subcommand("export", "Write the calendars of a PST/OST file as iCalendar (.ics)");
    export_cmd->add_option("FILE", exp.input, "PST or OST file")->required();
    auto* dir_opt = export_cmd->add_option("-o,--output", exp.output_dir, "Directory for one .ics per calendar folder");
    auto* single_opt = export_cmd->add_option("--single", exp.single_file, "Write every calendar into this one .ics file");
    dir_opt->excludes(single_opt);
    export_cmd->add_option("--folder", exp.folders, "Only this calendar folder path (repeatable), e.g. \"Calendar\"");
    export_cmd->add_option("-j,--jobs", exp.jobs, "Worker threads (default: the machine's cores, at most 4)")
        ->check(CLI::Range(0u, 64u));
    export_cmd->footer(
        "Exit codes: 0 all exported, 1 usage error, 2 cannot open the input, 3 partial (some items or folders "
        "unreadable, the rest exported), 4 cannot write the output.");

    ImportOptions imp;
    CLI::App* import_cmd = app.add_subcommand("import", "Import the calendars of a PST/OST file into a user's calendar home");
    import_cmd->add_option("FILE", imp.input, "PST or OST file")->required();
    import_cmd->add_option("--user", imp.user, "The user whose calendars receive the folders")->required();
    import_cmd->add_option("--folder", imp.folders, "Only this calendar folder path (repeatable), e.g. \"Calendar\"");
    import_cmd->add_option("-j,--jobs", imp.jobs, "Worker threads (default: the machine's cores, at most 4)")
        ->check(CLI::Range(0u, 64u));
    import_cmd->footer(
        "Re-importing is incremental: unchanged items keep their ETag, changed items are updated, items gone from "
        "the file are removed; items that clients edited are kept and conflicts are shown by `calbridge status`.\n"
        "Exit codes: 0 imported, 1 usage error (unknown user or folder), 2 cannot open the input or the store, "
        "3 partial (some items unreadable: nothing removed from their folders), 4 the store refused writes.");

    UserOptions user;
    CLI::App* user_cmd = app.add_subcommand("user", "Manage the users of the CalDAV server");
    user_cmd->require_subcommand(1);
    auto add_password_options = [&user](CLI::App* cmd) {
        auto* from_stdin = cmd->add_flag("--password-stdin", user.password.from_stdin, "Read the password from stdin (one line)");
        auto* from_file = cmd->add_option("--password-file", user.password.file, "Read the password from this file's first line");
        from_stdin->excludes(from_file);
        cmd->footer("Without --password-stdin or --password-file the password is asked for on the terminal.");
    };
    CLI::App* user_add = user_cmd->add_subcommand("add", "Add a user with a calendar home and a calendar \"Calendar\"");
    user_add->add_option("NAME", user.name, "Login name")->required();
    user_add->add_option("--display-name", user.display_name, "Display name (default: NAME)");
    user_add->add_option("--email", user.email, "E-mail address (calendar-user-address-set)");
    add_password_options(user_add);
    CLI::App* user_passwd = user_cmd->add_subcommand("passwd", "Set a user's password");
    user_passwd->add_option("NAME", user.name, "Login name")->required();
    add_password_options(user_passwd);
    CLI::App* user_remove = user_cmd->add_subcommand("remove", "Remove a user and all of its calendars");
    user_remove->add_option("NAME", user.name, "Login name")->required();
    CLI::App* user_list = user_cmd->add_subcommand("list", "List the users");

    TokenOptions token;
    CLI::App* token_cmd = app.add_subcommand("token", "Secret .ics subscription URLs for clients that cannot log in");
    token_cmd->require_subcommand(1);
    CLI::App* token_issue = token_cmd->add_subcommand("issue", "Issue a token URL for a calendar (shown once)");
    token_issue->add_option("CALENDAR", token.calendar, "Calendar path or name, e.g. \"calendar\"")->required();
    token_issue->add_option("--user", token.user, "Owner of the calendar")->required();
    CLI::App* token_revoke = token_cmd->add_subcommand("revoke", "Revoke a token");
    token_revoke->add_option("TOKEN", token.token, "Token id (shown by token issue and token list); a token or its URL works too, but ps and the shell history would show it")->required();
    CLI::App* token_list = token_cmd->add_subcommand("list", "List a user's tokens (ids, never the tokens)");
    token_list->add_option("--user", token.user, "Owner of the calendars")->required();

    ShareOptions share;
    CLI::App* share_cmd = app.add_subcommand("share", "Share a calendar with a user or a group");
    share_cmd->add_option("CALENDAR", share.calendar, "Calendar path or name in the owner's home, e.g. \"work\"")->required();
    share_cmd->add_option("--with", share.with, "User or group to share with")->required();
    share_cmd->add_option("--access", share.access, "freebusy, read or read-write")
        ->required()
        ->check(CLI::IsMember({"freebusy", "read", "read-write"}));
    share_cmd->add_option("--user", share.user, "Owner of the calendar (default: from the path, or the only user)");
    share_cmd->footer(
        "Sharing again with the same user or group replaces its access. The calendar appears in the grantee's "
        "home as /dav/calendars/GRANTEE/shared-OWNER-CALENDAR/.");
    CLI::App* unshare_cmd = app.add_subcommand("unshare", "Withdraw a user's or a group's access to a calendar");
    unshare_cmd->add_option("CALENDAR", share.calendar, "Calendar path or name in the owner's home")->required();
    unshare_cmd->add_option("--with", share.with, "User or group")->required();
    unshare_cmd->add_option("--user", share.user, "Owner of the calendar (default: from the path, or the only user)");
    CLI::App* shares_cmd = app.add_subcommand("shares", "List the shared calendars and who may use them");
    shares_cmd->add_option("--user", share.user, "Only this owner's calendars");

    GroupOptions group;
    CLI::App* group_cmd = app.add_subcommand("group", "Manage the groups calendars are shared with");
    group_cmd->require_subcommand(1);
    CLI::App* group_add = group_cmd->add_subcommand("add", "Add users to a group (made when missing)");
    group_add->add_option("NAME", group.name, "Group name (not the name of a user)")->required();
    group_add->add_option("USER", group.users, "Users to add")->required();
    CLI::App* group_remove = group_cmd->add_subcommand("remove", "Remove users from a group, or without users the group");
    group_remove->add_option("NAME", group.name, "Group name")->required();
    group_remove->add_option("USER", group.users, "Users to remove (none: remove the group and its grants)");
    CLI::App* groups_cmd = app.add_subcommand("groups", "List the groups and their members");

    StatusOptions status;
    CLI::App* status_cmd = app.add_subcommand("status", "Calendars, import sources, open conflicts and store integrity");
    status_cmd->add_option("--user", status.user, "Only this user's calendars");

    SyncOptions sync_options;
    CLI::App* sync_cmd = app.add_subcommand("sync", "Run one cycle of the configured bridges with Exchange ([[bridge]])");
    sync_cmd->add_option("--bridge", sync_options.bridges, "Only this bridge (its name; repeatable)");
    sync_cmd->footer(
        "Each bridge pulls the remote calendar's changes into its local calendar and pushes the local ones, "
        "keeping both sides' edits (conflicts are recorded, `calbridge status` shows them).\n"
        "Exit codes: 0 all cycles complete, 1 no such bridge, 2 cannot open the configuration or the store, "
        "3 some cycle stopped early (it resumes next time) or could not start.");

    PushOptions push;
    CLI::App* push_cmd = app.add_subcommand("push", "Push a calendar folder of a PST/OST file into an Exchange calendar");
    push_cmd->add_option("FILE", push.input, "PST or OST file")->required();
    push_cmd->add_option("--folder", push.folder, "Calendar folder path in the file, e.g. \"Calendar\"")->required();
    push_cmd->add_option("--to", push.to,
                         "REMOTE[:FOLDER]: a [[remote]] of the configuration and its folder: calendar (default), "
                         "calendar/NAME, shared:MAILBOX")
        ->required();
    push_cmd->add_option("--user", push.user, "Local user whose calendar holds the folder (default: the only user)");
    push_cmd->add_flag("--dry-run", push.dry_run, "Print what would be created, updated and deleted; change nothing");
    push_cmd->add_option("-j,--jobs", push.jobs, "Worker threads for reading the file")->check(CLI::Range(0u, 64u));
    push_cmd->footer(
        "The folder is imported into the user's calendar (as `calbridge import`), which is then paired with the "
        "remote folder and synced once: running it again creates nothing new. Meeting invitations are never sent.\n"
        "Exit codes as import, and 3 when the Exchange side stopped early or could not be reached.");

    CLI::App* serve_cmd = app.add_subcommand("serve", "Run the CalDAV server until SIGTERM or Ctrl-C");
    serve_cmd->footer("The first line on stdout is the URL it serves, e.g. \"calbridge: serving http://127.0.0.1:8008/dav/\".");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? kExitOk : kExitUsage;
    }
    Verbosity v = quiet ? Verbosity::Quiet : verbose ? Verbosity::Verbose : Verbosity::Normal;
    init_logging(v);

    if (*serve_cmd) return run_serve(global, v, verbose || quiet);
    if (*import_cmd) {
        imp.verbosity = v;
        return run_import(global, imp);
    }
    if (*user_add) return run_user_add(global, user);
    if (*user_passwd) return run_user_passwd(global, user);
    if (*user_remove) return run_user_remove(global, user);
    if (*user_list) return run_user_list(global);
    if (*token_issue) return run_token_issue(global, token);
    if (*token_revoke) return run_token_revoke(global, token);
    if (*token_list) return run_token_list(global, token);
    if (*share_cmd) return run_share(global, share);
    if (*unshare_cmd) return run_unshare(global, share);
    if (*shares_cmd) return run_shares(global, share);
    if (*group_add) return run_group_add(global, group);
    if (*group_remove) return run_group_remove(global, group);
    if (*groups_cmd) return run_groups(global);
    if (*status_cmd) return run_status(global, status);
    if (*sync_cmd) return run_sync(global, sync_options);
    if (*push_cmd) {
        push.verbosity = v;
        return run_push(global, push);
    }

    if (*info_cmd) {
        info.verbosity = v;
        return run_info(info);
    }
    exp.verbosity = v;
    if (exp.output_dir.empty() && exp.single_file.empty()) exp.output_dir = "calbridge-export";
    return run_export(exp);
}

}  // namespace calbridge::cli
