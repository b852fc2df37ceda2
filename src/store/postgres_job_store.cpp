// PostgresStore's JobStore half: the rows of docs/jobs.md, shared by every
// instance on the database, so that any of them answers a poll and resumes
// a job whose instance died.

#include "store/postgres_store.hpp"
#include "store/postgres_transaction.hpp"
#include "store/state_names.hpp"

namespace l402d::store {

namespace {

using Conn = PostgresConnection;

constexpr TxPolicy kDurable{};
// What a poll shows and a lease's extension: a crash that undoes one loses
// only an older stage, or a lease that runs out a little sooner.
constexpr TxPolicy kLazy{false, false};

constexpr std::string_view kJobColumns =
    "j.job_id, j.token_id, j.service, j.method, j.target, j.content_type, j.body,"
    " j.callback_url, j.callback_state, j.callback_attempts, j.stage, j.percent, j.error_code,"
    " j.error_message, j.created_at, j.updated_at, j.queue_position";

std::string job_query(std::string_view rest) {
  return "SELECT " + std::string(kJobColumns) + " FROM jobs j " + std::string(rest);
}

JobRecord read_job(Conn& c, const PgResult& r, int row) {
  JobRecord j;
  j.job_id = r.text(row, 0);
  j.token_id = r.hash(row, 1);
  j.service = r.text(row, 2);
  j.method = r.text(row, 3);
  j.target = r.text(row, 4);
  j.content_type = r.text(row, 5);
  const auto body = r.blob(row, 6);
  j.body.assign(body.begin(), body.end());
  j.callback_url = r.text(row, 7);
  const auto callback = callback_state_from_string(r.text(row, 8));
  if (!callback) {
    throw StoreError(StoreError::Kind::corrupt,
                     "store: " + c.label() + ": corrupt row: unknown callback state");
  }
  j.callback = *callback;
  j.callback_attempts = static_cast<int>(r.int64(row, 9));
  j.stage = r.text(row, 10);
  j.percent = static_cast<int>(r.int64(row, 11));
  j.error_code = r.text(row, 12);
  j.error_message = r.text(row, 13);
  j.created_at = r.int64(row, 14);
  j.updated_at = r.int64(row, 15);
  j.queue_position = static_cast<int>(r.int64(row, 16));
  return j;
}

std::vector<JobRecord> read_jobs(Conn& c, const PgResult& r) {
  std::vector<JobRecord> out;
  for (int row = 0; row < r.rows(); ++row)
    out.push_back(read_job(c, r, row));
  return out;
}

std::optional<JobRecord> first_job(Conn& c, const PgResult& r) {
  if (r.rows() == 0) return std::nullopt;
  return read_job(c, r, 0);
}

}  // namespace

void PostgresStore::create_job(const JobRecord& j) {
  run_transaction(*pool_, kDurable, [&](Conn& c) {
    c.prepare(
         "INSERT INTO jobs (job_id, token_id, service, method, target, content_type, body,"
         " callback_url, callback_state, callback_attempts, stage, percent, error_code,"
         " error_message, created_at, updated_at)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
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

std::optional<JobRecord> PostgresStore::find_job(std::string_view job_id) {
  return run_read(*pool_, [&](Conn& c) {
    return first_job(c, c.prepare(job_query("WHERE j.job_id = $1")).bind(1, job_id).run());
  });
}

std::optional<JobRecord> PostgresStore::find_job_for_token(const Hash32& token_id) {
  return run_read(*pool_, [&](Conn& c) {
    return first_job(c, c.prepare(job_query("WHERE j.token_id = $1")).bind_blob(1, token_id).run());
  });
}

void PostgresStore::set_job_progress(std::string_view job_id, const JobProgress& progress,
                                     std::int64_t now) {
  run_transaction(*pool_, kLazy, [&](Conn& c) {
    c.prepare(
         "UPDATE jobs SET stage = $1, percent = $2, queue_position = $3, updated_at = $4"
         " WHERE job_id = $5")
        .bind(1, progress.stage)
        .bind(2, std::int64_t{progress.percent})
        .bind(3, std::int64_t{progress.queue_position})
        .bind(4, now)
        .bind(5, job_id)
        .run();
    return true;
  });
}

void PostgresStore::set_job_error(std::string_view job_id, std::string_view code,
                                  std::string_view message, std::int64_t now) {
  run_transaction(*pool_, kLazy, [&](Conn& c) {
    c.prepare(
         "UPDATE jobs SET error_code = $1, error_message = $2, updated_at = $3 WHERE job_id = $4")
        .bind(1, code)
        .bind(2, message)
        .bind(3, now)
        .bind(4, job_id)
        .run();
    return true;
  });
}

void PostgresStore::set_job_callback(std::string_view job_id, CallbackState state, int attempts,
                                     std::int64_t now) {
  run_transaction(*pool_, kDurable, [&](Conn& c) {
    c.prepare(
         "UPDATE jobs SET callback_state = $1, callback_attempts = $2, updated_at = $3"
         " WHERE job_id = $4")
        .bind(1, to_string(state))
        .bind(2, std::int64_t{attempts})
        .bind(3, now)
        .bind(4, job_id)
        .run();
    return true;
  });
}

std::vector<JobRecord> PostgresStore::orphaned_jobs(std::int64_t now, std::size_t limit) {
  return run_read(*pool_, [&](Conn& c) {
    return read_jobs(c, c.prepare(job_query("JOIN tokens t ON t.token_id = j.token_id"
                                            " WHERE t.state = 'in_progress' AND t.lease_until < $1"
                                            " ORDER BY j.created_at LIMIT $2"))
                            .bind(1, now)
                            .bind(2, static_cast<std::int64_t>(limit))
                            .run());
  });
}

std::vector<JobRecord> PostgresStore::pending_callbacks(std::size_t limit) {
  return run_read(*pool_, [&](Conn& c) {
    return read_jobs(c, c.prepare(job_query("JOIN tokens t ON t.token_id = j.token_id"
                                            " WHERE j.callback_state = 'pending'"
                                            " AND t.state IN ('redeemed', 'failed')"
                                            " ORDER BY j.created_at LIMIT $1"))
                            .bind(1, static_cast<std::int64_t>(limit))
                            .run());
  });
}

std::size_t PostgresStore::purge_jobs(std::int64_t before) {
  return run_transaction(*pool_, kLazy, [&](Conn& c) {
    return static_cast<std::size_t>(
        c.prepare("DELETE FROM jobs WHERE created_at < $1").bind(1, before).run().affected());
  });
}

bool PostgresStore::extend_lease(const Hash32& token_id, std::int64_t until) {
  return run_transaction(*pool_, kLazy, [&](Conn& c) {
    return c.prepare(
                "UPDATE tokens SET lease_until = $1 WHERE token_id = $2 AND state = 'in_progress'")
               .bind(1, until)
               .bind_blob(2, token_id)
               .run()
               .affected() > 0;
  });
}

}  // namespace l402d::store
