#include "canned_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace calbridge::ews::test {

DroppingServer::DroppingServer(int answer_first, std::string answer)
    : answer_first_(answer_first), answer_(std::move(answer)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 16) != 0) {
        throw std::runtime_error("DroppingServer: bind/listen failed");
    }
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
        while (!stop_) {
            pollfd p{listen_fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            const int fd = ::accept(listen_fd_, nullptr, nullptr);
            if (fd < 0) continue;
            // Read each request (headers and body); answer the first answer_first_ of them on
            // a kept-alive connection, then close without answering.
            std::string data;
            char buf[4096];
            for (;;) {
                pollfd q{fd, POLLIN, 0};
                if (::poll(&q, 1, 500) <= 0) break;
                const ssize_t n = ::read(fd, buf, sizeof buf);
                if (n <= 0) break;
                data.append(buf, static_cast<size_t>(n));
                const auto header_end = data.find("\r\n\r\n");
                if (header_end == std::string::npos) continue;
                const auto cl = data.find("Content-Length: ");
                const size_t length = cl == std::string::npos || cl > header_end ? 0 : std::stoul(data.substr(cl + 16));
                if (data.size() < header_end + 4 + length) continue;
                const int number = ++seen_;
                data.erase(0, header_end + 4 + length);
                if (number > answer_first_) break;
                const std::string reply = "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: " +
                                          std::to_string(answer_.size()) + "\r\n\r\n" + answer_;
                if (::write(fd, reply.data(), reply.size()) < 0) break;
            }
            ::close(fd);  // no answer at all
        }
    });
}

DroppingServer::~DroppingServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
}

}  // namespace calbridge::ews::test
