#include "providers/ffmpeg_transcoder.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "engines/music/audio/encode.hpp"
#include "engines/music/audio/formats.hpp"
#include "engines/music/audio_buffer.hpp"

extern char** environ;

namespace l402d::providers {

namespace audio = engines::music::audio;

namespace {

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

// Runs ffmpeg with `args`, feeding `input` on stdin and collecting stdout, with
// poll() so neither pipe can fill up and deadlock the other.
Bytes run(const std::filesystem::path& exe, const std::vector<std::string>& args,
          const Bytes& input, std::size_t max_output) {
  int in_pipe[2];
  int out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) throw engines::EngineError("transcode_failed", "pipe failed");
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    throw engines::EngineError("transcode_failed", "pipe failed");
  }
  Fd child_in{in_pipe[0]}, to_child{in_pipe[1]}, from_child{out_pipe[0]}, child_out{out_pipe[1]};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, child_in.fd, 0);
  posix_spawn_file_actions_adddup2(&actions, child_out.fd, 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv;
  std::string exe_str = exe.string();
  argv.push_back(exe_str.data());
  std::vector<std::string> owned(args);
  for (auto& a : owned)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, exe_str.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw engines::EngineError(
        "transcoder_missing",
        "cannot run " + exe_str + ": " + std::strerror(rc) + " (install Debian's ffmpeg package)",
        false);
  }
  child_in.close();
  child_out.close();
  ::fcntl(to_child.fd, F_SETFL, O_NONBLOCK);

  Bytes output;
  std::size_t written = 0;
  bool too_big = false;
  while (from_child.fd >= 0) {
    pollfd fds[2] = {{from_child.fd, POLLIN, 0}, {to_child.fd, POLLOUT, 0}};
    int n = to_child.fd >= 0 ? 2 : 1;
    if (::poll(fds, static_cast<nfds_t>(n), 60'000) <= 0) break;
    if (n == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      auto w = ::write(to_child.fd, input.data() + written, input.size() - written);
      if (w > 0) written += static_cast<std::size_t>(w);
      if (w < 0 || written == input.size()) to_child.close();
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      std::uint8_t buf[65536];
      auto r = ::read(from_child.fd, buf, sizeof buf);
      if (r <= 0) {
        from_child.close();
        break;
      }
      output.insert(output.end(), buf, buf + r);
      if (output.size() > max_output) {
        too_big = true;
        ::kill(pid, SIGKILL);
        from_child.close();
      }
    }
  }
  to_child.close();
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (too_big) {
    throw engines::EngineError("transcode_failed", "the provider's audio is too long to convert");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw engines::EngineError("transcode_failed",
                               "the provider's audio could not be decoded (not an audio file?)");
  }
  return output;
}

}  // namespace

engines::MusicResult transcode_with_ffmpeg(const Bytes& input, const engines::MusicJob& job,
                                           const FfmpegOptions& options) {
  auto format = audio::validate_output_format(job.audio_format, job.sample_rate, job.bitrate);
  if (!format) throw engines::EngineError("invalid_format", format.error().message, false);
  auto raw = run(options.ffmpeg,
                 {"-nostdin", "-v", "error", "-i", "pipe:0", "-f", "f32le", "-acodec", "pcm_f32le",
                  "-ac", "2", "-ar", std::to_string(job.sample_rate), "pipe:1"},
                 input, options.max_decoded_bytes);
  if (raw.size() < 8) {
    throw engines::EngineError("transcode_failed", "the provider's audio decoded to silence");
  }
  engines::music::AudioBuffer buffer;
  buffer.sample_rate = job.sample_rate;
  buffer.channels = 2;
  buffer.samples.resize(raw.size() / sizeof(float));
  std::memcpy(buffer.samples.data(), raw.data(), buffer.samples.size() * sizeof(float));
  raw = Bytes();

  engines::MusicResult result;
  result.audio = audio::encode(buffer, *format);
  result.extension = std::string(audio::file_extension(format->format));
  result.content_type = std::string(audio::content_type(format->format));
  result.duration_seconds = buffer.seconds();
  result.summary = "transcoded with ffmpeg";
  return result;
}

}  // namespace l402d::providers
