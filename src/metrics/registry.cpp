#include "metrics/registry.h"

#include <cmath>
#include <cstdio>

namespace wsc::metrics {
namespace {

// Prometheus text format §"Comments, help text, and type information": label values escape
// backslash, double quote and newline.
void append_escaped(std::string& out, const std::string& value) {
    for (char c : value) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                out += c;
        }
    }
}

void append_value(std::string& out, double value) {
    char buf[64];
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", value);
    } else {
        std::snprintf(buf, sizeof buf, "%.17g", value);
    }
    out += buf;
}

}  // namespace

Registry::Registry(std::map<std::string, std::string> constant_labels)
    : constant_labels_(constant_labels.begin(), constant_labels.end()) {}

void Registry::add(std::string name, std::string help, MetricType type, Collect collect) {
    families_.push_back(Family{std::move(name), std::move(help), type, std::move(collect)});
}

void Registry::add_value(std::string name, std::string help, MetricType type,
                         std::function<double()> value) {
    add(std::move(name), std::move(help), type, [value = std::move(value)] {
        return std::vector<Sample>{Sample{{}, value()}};
    });
}

std::string Registry::render_prometheus() const {
    std::string out;
    out.reserve(families_.size() * 160);
    for (const auto& family : families_) {
        out += "# HELP " + family.name + ' ' + family.help + '\n';
        out += "# TYPE " + family.name +
               (family.type == MetricType::counter ? " counter\n" : " gauge\n");
        for (const auto& sample : family.collect()) {
            out += family.name;
            bool first = true;
            auto add_label = [&](const std::pair<std::string, std::string>& label) {
                out += first ? '{' : ',';
                first = false;
                out += label.first + "=\"";
                append_escaped(out, label.second);
                out += '"';
            };
            for (const auto& label : constant_labels_) {
                add_label(label);
            }
            for (const auto& label : sample.labels) {
                add_label(label);
            }
            if (!first) {
                out += '}';
            }
            out += ' ';
            append_value(out, sample.value);
            out += '\n';
        }
    }
    return out;
}

double Registry::sum(const std::string& name) const {
    double total = 0;
    for (const auto& family : families_) {
        if (family.name == name) {
            for (const auto& sample : family.collect()) {
                total += sample.value;
            }
        }
    }
    return total;
}

}  // namespace wsc::metrics
