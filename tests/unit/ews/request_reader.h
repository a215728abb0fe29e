#pragma once
// Reads the requests the client sent, by namespace (tests answer according to what was asked).
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "ews/soap/namespaces.h"
#include "ews/soap/xml.h"

namespace calbridge::ews::test {

class RequestReader {
public:
    explicit RequestReader(const std::string& body) { doc_.load_string(body.c_str()); }
    // Every descendant element with this namespace and local name, document order.
    std::vector<pugi::xml_node> all(std::string_view ns, std::string_view local) const {
        std::vector<pugi::xml_node> out;
        collect(doc_.document_element(), ns, local, out);
        return out;
    }
    pugi::xml_node first(std::string_view ns, std::string_view local) const {
        const auto v = all(ns, local);
        return v.empty() ? pugi::xml_node() : v.front();
    }
    pugi::xml_node operation() const {
        const auto body = xml::child(doc_.document_element(), ns::kSoap, "Body");
        return xml::element_children(body).front();
    }

private:
    static void collect(pugi::xml_node n, std::string_view ns, std::string_view local, std::vector<pugi::xml_node>& out) {
        for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            if (xml::is(c, ns, local)) out.push_back(c);
            collect(c, ns, local, out);
        }
    }
    pugi::xml_document doc_;
};

}  // namespace calbridge::ews::test
