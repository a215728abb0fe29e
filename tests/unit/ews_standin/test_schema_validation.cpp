// The EWS stand-in's schema check (tests/ews_standin/schema_validator.h) against real traffic:
// the 21 requests python3-exchangelib sent (tests/data/ews/requests), Microsoft's documented
// and the synthetic samples (tests/data/ews/samples), and broken messages that a lax check
// would let through.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <vector>

#include "ews_standin/schema_validator.h"

using namespace calbridge::ews_standin;
namespace fs = std::filesystem;

namespace {

const fs::path kEws = fs::path(CALBRIDGE_TEST_DATA) / "ews";

const EwsSchema& schema() {
    static const EwsSchema compiled(kEws / "schema" / "soap-envelope-wrapper.xsd");
    return compiled;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<fs::path> xml_files(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".xml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string problems(const Validation& v) {
    std::string out;
    for (const auto& p : v.problems) out += "line " + std::to_string(p.line) + ": " + p.message + "\n";
    return out;
}

// A valid GetFolder request as exchangelib sends it, with one part replaceable.
std::string get_folder(std::string_view version = "Exchange2016", std::string_view operation = "GetFolder",
                       std::string_view messages_ns = "http://schemas.microsoft.com/exchange/services/2006/messages") {
    return std::string(R"(<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m=")") +
           std::string(messages_ns) + R"(" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
  <s:Header><t:RequestServerVersion Version=")" + std::string(version) + R"("/></s:Header>
  <s:Body>
    <m:)" + std::string(operation) + R"(>
      <m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape>
      <m:FolderIds><t:DistinguishedFolderId Id="calendar"/></m:FolderIds>
    </m:)" + std::string(operation) + R"(>
  </s:Body>
</s:Envelope>)";
}

}  // namespace

TEST_CASE("every request exchangelib sent validates and names its operation", "[ews_standin][schema]") {
    const auto files = xml_files(kEws / "requests");
    REQUIRE(files.size() == 21);
    for (const auto& f : files) {
        INFO(f.filename().string());
        const Validation v = schema().validate(read(f));
        CHECK(v.valid);
        CHECK(problems(v).empty());
        // 003-CreateItem.xml: the Body's element is the operation in the file name.
        const std::string stem = f.stem().string();
        CHECK(v.body_element == stem.substr(stem.find('-') + 1));
    }
}

TEST_CASE("Microsoft's documented and the synthetic samples validate", "[ews_standin][schema]") {
    const auto files = xml_files(kEws / "samples");
    REQUIRE(files.size() == 17);
    for (const auto& f : files) {
        INFO(f.filename().string());
        const Validation v = schema().validate(read(f));
        CHECK(v.valid);
        CHECK(problems(v).empty());
        const std::string name = f.filename().string();
        if (name.find("-response") != std::string::npos)
            CHECK(v.body_element.ends_with("Response"));
        else if (name.find("-fault") != std::string::npos)
            CHECK(v.body_element == "Fault");
        else
            CHECK_FALSE(v.body_element.ends_with("Response"));
    }
}

TEST_CASE("messages a lax check would pass are refused with the line and libxml2's reason", "[ews_standin][schema]") {
    REQUIRE(schema().validate(get_folder()).valid);

    SECTION("a misspelled operation") {
        const Validation v = schema().validate(get_folder("Exchange2016", "GetFoldr"));
        CHECK_FALSE(v.valid);
        REQUIRE_FALSE(v.problems.empty());
        CHECK(v.problems.front().line > 0);
        CHECK(v.problems.front().message.find("GetFoldr") != std::string::npos);
    }
    SECTION("the operation in another namespace") {
        CHECK_FALSE(schema().validate(get_folder("Exchange2016", "GetFolder", "urn:not-ews")).valid);
    }
    SECTION("a server version the schema does not know (exchangelib's Exchange2019 probe)") {
        const Validation v = schema().validate(get_folder("Exchange2019"));
        CHECK_FALSE(v.valid);
        CHECK(problems(v).find("Exchange2019") != std::string::npos);
    }
    SECTION("an empty Body") {
        CHECK_FALSE(schema().validate(R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>)").valid);
    }
    SECTION("not XML, or cut short") {
        const Validation v = schema().validate("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>");
        CHECK_FALSE(v.valid);
        CHECK_FALSE(v.problems.empty());
        CHECK_FALSE(schema().validate("").valid);
    }
    SECTION("a DTD with an external entity is refused and never expanded") {
        const std::string xxe = R"(<?xml version="1.0"?>
<!DOCTYPE s:Envelope [<!ENTITY leak SYSTEM "file:///etc/hostname">]>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&leak;</s:Body></s:Envelope>)";
        const Validation v = schema().validate(xxe);
        CHECK_FALSE(v.valid);
        CHECK(problems(v).find("Document Type Declaration") != std::string::npos);
    }
}

TEST_CASE("validation from several threads at once agrees with one thread", "[ews_standin][schema]") {
    const auto files = xml_files(kEws / "requests");
    std::vector<std::string> messages;
    for (const auto& f : files) messages.push_back(read(f));
    messages.push_back(get_folder("Exchange2019"));
    auto run = [&] {
        std::vector<bool> verdicts;
        for (int round = 0; round < 5; ++round)
            for (const auto& m : messages) verdicts.push_back(schema().validate(m).valid);
        return verdicts;
    };
    const auto expected = run();
    std::vector<std::future<std::vector<bool>>> others;
    for (int t = 0; t < 4; ++t) others.push_back(std::async(std::launch::async, run));
    for (auto& o : others) CHECK(o.get() == expected);
    CHECK(std::count(expected.begin(), expected.end(), false) == 5);   // only the Exchange2019 probe
}
