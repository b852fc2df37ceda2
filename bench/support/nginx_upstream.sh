# Sourced by the bench scripts: an nginx on 127.0.0.1:PORT serving DIR/www
# (keep-alive without limit, no access log), its files under DIR/up.
#   start_nginx_upstream DIR PORT   starts it in the background; its pid is
#                                   then in $nginx_upstream_pid
start_nginx_upstream() {
  local dir=$1 port=$2 user_line="" nginx_bin
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  [[ -x $nginx_bin ]] || {
    echo "nginx is not installed (Debian: apt-get install nginx-light)" >&2
    return 1
  }
  mkdir -p "$dir/www" "$dir/up"
  ((EUID == 0)) && user_line="user $(id -un) $(id -gn);"
  cat >"$dir/up/nginx.conf" <<CONF
$user_line
worker_processes 1;
daemon off;
pid $dir/up/nginx.pid;
error_log $dir/up/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/up/body;
  proxy_temp_path $dir/up/proxy;
  fastcgi_temp_path $dir/up/fastcgi;
  uwsgi_temp_path $dir/up/uwsgi;
  scgi_temp_path $dir/up/scgi;
  keepalive_requests 100000000;
  types { application/json json; }
  server { listen 127.0.0.1:$port backlog=4096; root $dir/www; }
}
CONF
  "$nginx_bin" -p "$dir/up" -c "$dir/up/nginx.conf" &
  nginx_upstream_pid=$!
}
