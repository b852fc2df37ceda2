// SqliteStore's JobStore half: the rows of docs/jobs.md.

#include "store/sqlite_store.hpp"
#include "store/state_names.hpp"

namespace l402d::store {

namespace {

constexpr std::string_view kJobColumns =
    "j.job_id, j.token_id, j.service, j.method, j.target, j.content_type, j.body,"
    " j.callback_url, j.callback_state, j.callback_attempts, j.stage, j.percent, j.error_code,"
    " j.error_message, j.created_at, j.updated_at, j.queue_position";

std::string job_query(std::string_view rest) {
  return "SELECT " + std::string(kJobColumns) + " FROM jobs j " + std::string(rest);
}

JobRecord read_job(SqliteConnection& c, const Statement& st) {
  JobRecord j;
  j.job_id = st.column_text(0);
  j.token_id = st.column_hash(1);
  j.service = st.column_text(2);
  j.method = st.column_text(3);
  j.target = st.column_text(4);
  j.content_type = st.column_text(5);
  const auto body = st.column_blob(6);
  j.body.assign(body.begin(), body.end());
  j.callback_url = st.column_text(7);
  const auto callback = callback_state_from_string(st.column_text(8));
  if (!callback) {
    throw StoreError(StoreError::Kind::corrupt,
                     "store: " + c.path_label() + ": corrupt row: unknown callback state");
  }
  j.callback = *callback;
  j.callback_attempts = static_cast<int>(st.column_int64(9));
  j.stage = st.column_text(10);
  j.percent = static_cast<int>(st.column_int64(11));
  j.error_code = st.column_text(12);
  j.error_message = st.column_text(13);
  j.created_at = st.column_int64(14);
  j.updated_at = st.column_int64(15);
  j.queue_position = static_cast<int>(st.column_int64(16));
  return j;
}

std::vector<JobRecord> read_jobs(SqliteConnection& c, Statement& st) {
  std::vector<JobRecord> out;
  while (st.step())
    out.push_back(read_job(c, st));
  return out;
}

}  // namespace

// FULL: the buyer is told the job exists as soon as this returns, and a
// restart must find it to resume.
void SqliteStore::create_job(const JobRecord& j) {
  write("create_job", Synchronous::full, [&](SqliteConnection& c) {
    c.prepare(
         "INSERT INTO jobs (job_id, token_id, service, method, target, content_type, body,"
         " callback_url, callback_state, callback_attempts, stage, percent, error_code,"
         " error_message, created_at, updated_at)"
         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
         " ON CONFLICT (job_id) DO UPDATE SET callback_url = excluded.callback_url,"
         " callback_state = excluded.callback_state, callback_attempts = 0,"
         " stage = excluded.stage, percent = excluded.percent, queue_position = 0, error_code = '',"
         " error_message = '', updated_at = excluded.updated_at")
        .bind(1, j.job_id)
        .bind_blob(2, j.token_id)
        .bind(3, j.service)
        .bind(4, j.method)
        .bind(5, j.target)
        .bind(6, j.content_type)
        .bind_blob(7, ByteView(reinterpret_cast<const std::uint8_t*>(j.body.data()), j.body.size()))
        .bind(8, j.callback_url)
        .bind(9, to_string(j.callback))
        .bind(10, std::int64_t{j.callback_attempts})
        .bind(11, j.stage)
        .bind(12, std::int64_t{j.percent})
        .bind(13, j.error_code)
        .bind(14, j.error_message)
        .bind(15, j.created_at)
        .bind(16, j.updated_at)
        .run();
    return true;
  });
}

std::optional<JobRecord> SqliteStore::find_job(std::string_view job_id) {
  auto c = pool_->acquire();
  auto st = c->prepare(job_query("WHERE j.job_id = ?"));
  st.bind(1, job_id);
  if (!st.step()) return std::nullopt;
  return read_job(*c, st);
}

std::optional<JobRecord> SqliteStore::find_job_for_token(const Hash32& token_id) {
  auto c = pool_->acquire();
  auto st = c->prepare(job_query("WHERE j.token_id = ?"));
  st.bind_blob(1, token_id);
  if (!st.step()) return std::nullopt;
  return read_job(*c, st);
}

// NORMAL for what a poll shows: a lost update is only an older stage.
void SqliteStore::set_job_progress(std::string_view job_id, const JobProgress& progress,
                                   std::int64_t now) {
  write("set_job_progress", Synchronous::normal, [&](SqliteConnection& c) {
    c.prepare(
         "UPDATE jobs SET stage = ?, percent = ?, queue_position = ?, updated_at = ?"
         " WHERE job_id = ?")
        .bind(1, progress.stage)
        .bind(2, std::int64_t{progress.percent})
        .bind(3, std::int64_t{progress.queue_position})
        .bind(4, now)
        .bind(5, job_id)
        .run();
    return true;
  });
}

void SqliteStore::set_job_error(std::string_view job_id, std::string_view code,
                                std::string_view message, std::int64_t now) {
  write("set_job_error", Synchronous::normal, [&](SqliteConnection& c) {
    c.prepare("UPDATE jobs SET error_code = ?, error_message = ?, updated_at = ? WHERE job_id = ?")
        .bind(1, code)
        .bind(2, message)
        .bind(3, now)
        .bind(4, job_id)
        .run();
    return true;
  });
}

// FULL: a delivered callback must not be sent again after a power cut.
void SqliteStore::set_job_callback(std::string_view job_id, CallbackState state, int attempts,
                                   std::int64_t now) {
  write("set_job_callback", Synchronous::full, [&](SqliteConnection& c) {
    c.prepare(
         "UPDATE jobs SET callback_state = ?, callback_attempts = ?, updated_at = ?"
         " WHERE job_id = ?")
        .bind(1, to_string(state))
        .bind(2, std::int64_t{attempts})
        .bind(3, now)
        .bind(4, job_id)
        .run();
    return true;
  });
}

std::vector<JobRecord> SqliteStore::orphaned_jobs(std::int64_t now, std::size_t limit) {
  auto c = pool_->acquire();
  auto st = c->prepare(
      job_query("JOIN tokens t ON t.token_id = j.token_id"
                " WHERE t.state = 'in_progress' AND t.lease_until < ? ORDER BY j.created_at"
                " LIMIT ?"));
  st.bind(1, now).bind(2, static_cast<std::int64_t>(limit));
  return read_jobs(*c, st);
}

std::vector<JobRecord> SqliteStore::pending_callbacks(std::size_t limit) {
  auto c = pool_->acquire();
  auto st = c->prepare(
      job_query("JOIN tokens t ON t.token_id = j.token_id"
                " WHERE j.callback_state = 'pending' AND t.state IN ('redeemed', 'failed')"
                " ORDER BY j.created_at LIMIT ?"));
  st.bind(1, static_cast<std::int64_t>(limit));
  return read_jobs(*c, st);
}

std::size_t SqliteStore::purge_jobs(std::int64_t before) {
  return write("purge_jobs", Synchronous::normal, [&](SqliteConnection& c) {
    c.prepare("DELETE FROM jobs WHERE created_at < ?").bind(1, before).run();
    return static_cast<std::size_t>(c.changes());
  });
}

// NORMAL: a lease undone by a power cut is the one before, still running out.
bool SqliteStore::extend_lease(const Hash32& token_id, std::int64_t until) {
  return write("extend_lease", Synchronous::normal, [&](SqliteConnection& c) {
    c.prepare("UPDATE tokens SET lease_until = ? WHERE token_id = ? AND state = 'in_progress'")
        .bind(1, until)
        .bind_blob(2, token_id)
        .run();
    return c.changes() > 0;
  });
}

}  // namespace l402d::store
