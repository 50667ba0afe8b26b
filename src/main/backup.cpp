#include "main/backup.hpp"

#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "main/composition.hpp"
#include "main/exit_codes.hpp"

extern char** environ;

namespace mc::cli {

namespace {

namespace fs = std::filesystem;
namespace exit_code = mc::cli::exit_code;

using wiring::sqlite_path;

struct Db {
  sqlite3* h = nullptr;
  ~Db() {
    if (h) sqlite3_close(h);
  }
};

void open_db(Db& db, const std::string& path, int flags) {
  if (sqlite3_open_v2(path.c_str(), &db.h, flags, nullptr) != SQLITE_OK)
    throw std::runtime_error("cannot open '" + path + "': " + (db.h ? sqlite3_errmsg(db.h) : "out of memory"));
  sqlite3_busy_timeout(db.h, 10000);
}

std::string single_text(Db& db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db.h, sql, -1, &st, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("'") + sql + "': " + sqlite3_errmsg(db.h));
  std::string out;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW && sqlite3_column_text(st, 0)) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    std::string why = sqlite3_errmsg(db.h);
    sqlite3_finalize(st);
    throw std::runtime_error(std::string("'") + sql + "': " + why);
  }
  sqlite3_finalize(st);
  return out;
}

// Copies `from` into a new file `to` with the online backup API: one step over all pages inside
// one read transaction, so the copy is the database as of one instant while writers go on (WAL).
// Written to `to`.partial, checked (integrity_check), made a self-contained rollback-journal file,
// then renamed: `to` is either absent or complete.
long copy_sqlite(const std::string& from, const std::string& to) {
  if (fs::exists(to)) throw std::invalid_argument("'" + to + "' already exists: refusing to overwrite it");
  if (!fs::exists(from)) throw std::runtime_error("'" + from + "' does not exist");
  const std::string partial = to + ".partial";
  std::error_code ec;
  fs::remove(partial, ec);
  long pages = 0;
  {
    Db src, dst;
    open_db(src, from, SQLITE_OPEN_READWRITE);
    open_db(dst, partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3_backup* b = sqlite3_backup_init(dst.h, "main", src.h, "main");
    if (!b) throw std::runtime_error(std::string("backup: ") + sqlite3_errmsg(dst.h));
    int rc;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
      rc = sqlite3_backup_step(b, -1);
      if (rc == SQLITE_DONE) break;
      if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && std::chrono::steady_clock::now() < deadline) {
        // Another program holds the write lock for longer than a statement: wait for it.
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        continue;
      }
      break;
    }
    pages = sqlite3_backup_pagecount(b);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
      std::string why = sqlite3_errstr(rc);
      dst = {};
      fs::remove(partial, ec);
      throw std::runtime_error("backup of '" + from + "' failed: " + why);
    }
    // The copy stands alone: no -wal/-shm beside it.
    single_text(dst, "PRAGMA journal_mode=DELETE");
    if (auto check = single_text(dst, "PRAGMA integrity_check"); check != "ok")
      throw std::runtime_error("the copy failed its integrity check: " + check);
  }
  fs::rename(partial, to);
  return pages;
}

// Runs a program found on PATH and returns its exit status; -1 when it is not installed.
int run_program(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
  if (rc == ENOENT) return -1;
  if (rc != 0) throw std::runtime_error("cannot run " + args[0] + ": " + std::strerror(rc));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int backup(const BackupCommands& c) {
  if (c.db.starts_with("sqlite:")) {
    const auto from = sqlite_path(c.db);
    long pages = copy_sqlite(from, c.out);
    std::cout << "Backed up " << c.db << " to " << c.out << " (" << pages
              << " pages, integrity ok). Save the keys folder with it (docs/operations.md).\n";
    return exit_code::ok;
  }
  if (c.db.starts_with("postgresql:") || c.db.starts_with("postgres:")) {
    if (fs::exists(c.out)) throw std::invalid_argument("'" + c.out + "' already exists: refusing to overwrite it");
    // pg_dump: a consistent snapshot in one transaction, custom format for pg_restore. Large sites
    // use pg_basebackup + WAL archiving instead (docs/operations.md).
    int rc = run_program({"pg_dump", "--format=custom", "--no-owner", "--file=" + c.out, "--dbname=" + c.db});
    if (rc == -1) {
      std::cerr << "error: pg_dump is not installed (Debian: apt install postgresql-client-15). For a large site use "
                   "pg_basebackup with WAL archiving instead (docs/operations.md).\n";
      return exit_code::failure;
    }
    if (rc != 0) {
      std::error_code ec;
      fs::remove(c.out, ec);
      std::cerr << "error: pg_dump failed (exit status " << rc << "); nothing was written\n";
      return exit_code::failure;
    }
    std::cout << "Backed up the PostgreSQL database to " << c.out
              << " (pg_dump custom format; restore with pg_restore). Save the keys folder with it.\n";
    return exit_code::ok;
  }
  std::cerr << "error: unknown database URL '" << c.db << "' (sqlite:PATH or postgresql://…)\n";
  return exit_code::usage;
}

int restore(const BackupCommands& c) {
  if (!c.db.starts_with("sqlite:")) {
    std::cerr << "error: moncompte restore writes SQLite databases only. For PostgreSQL use pg_restore on an empty "
                 "database (pg_dump backups) or your pg_basebackup + WAL archive (docs/operations.md).\n";
    return exit_code::usage;
  }
  const auto to = sqlite_path(c.db);
  if (auto parent = fs::path(to).parent_path(); !parent.empty()) fs::create_directories(parent);
  long pages = copy_sqlite(c.from, to);
  std::cout << "Restored " << c.from << " into " << c.db << " (" << pages
            << " pages, integrity ok). Put the keys folder saved with it in place before starting the service.\n";
  return exit_code::ok;
}

}  // namespace

void add_backup_commands(CLI::App& cli, BackupCommands& c) {
  c.backup = cli.add_subcommand("backup", "Copy the database while the service runs (SQLite online backup, pg_dump)");
  c.backup->add_option("--db", c.db, "Database URL: sqlite:PATH or postgresql://…");
  c.backup->add_option("--out", c.out, "File to write (must not exist)")->required();
  c.restore = cli.add_subcommand("restore", "Write a SQLite backup into a new database file (the service stopped)");
  c.restore->add_option("--from", c.from, "Backup file written by 'moncompte backup'")->required()->check(CLI::ExistingFile);
  c.restore->add_option("--db", c.db, "Database URL to create: sqlite:PATH (must not exist)")->required();
}

std::optional<int> run_backup_commands(const BackupCommands& c) {
  try {
    if (c.backup && *c.backup) return backup(c);
    if (c.restore && *c.restore) return restore(c);
  } catch (const std::invalid_argument& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_code::refused;
  }
  return std::nullopt;
}

}  // namespace mc::cli
