#include "core/staff/audit.hpp"

#include <cstdio>

namespace mc::staff {

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(ch);
        }
    }
  }
  return out;
}

std::string canonical(std::int64_t seq, const AuditDraft& d) {
  std::string out = "{\"v\":1,\"seq\":" + std::to_string(seq) + ",\"at\":" + std::to_string(to_millis(d.at));
  auto field = [&](const char* name, const std::string& value) {
    out += ",\"";
    out += name;
    out += "\":\"";
    out += json_escape(value);
    out += '"';
  };
  field("actor", d.actor);
  field("role", d.role);
  field("action", d.action);
  field("subject", d.subject);
  field("reason", d.reason);
  field("evidence", d.evidence);
  field("details", d.details);
  out += '}';
  return out;
}

AuditEntry seal(const AuditDraft& d, const ChainHead& head, const Sha256Hex& sha256_hex) {
  AuditEntry e;
  e.seq = head.seq + 1;
  e.draft = d;
  e.prev_hash = head.hash;
  e.hash = sha256_hex(head.hash + canonical(e.seq, d));
  return e;
}

void ChainVerifier::add(const AuditEntry& e) {
  if (broken_) return;
  const std::int64_t want = expected_.seq + 1;
  if (e.seq != want) {
    // A gap means deleted entries; a repeat or a step back means reordered or inserted ones.
    broken_ = ChainBreak{want, e.seq > want ? "entry " + std::to_string(want) + " is missing"
                                            : "entry " + std::to_string(e.seq) + " is out of order"};
    return;
  }
  if (e.prev_hash != expected_.hash) {
    broken_ = ChainBreak{e.seq, "previous-hash field does not match the hash of entry " + std::to_string(expected_.seq)};
    return;
  }
  std::string recomputed = sha_(e.prev_hash + canonical(e.seq, e.draft));
  if (recomputed != e.hash) {
    broken_ = ChainBreak{e.seq, "content does not match its hash (the entry was modified)"};
    return;
  }
  expected_ = ChainHead{e.seq, e.hash};
}

void ChainVerifier::finish(const ChainHead& stored) {
  if (broken_) return;
  if (stored.seq > expected_.seq) {
    broken_ = ChainBreak{expected_.seq + 1, "entries " + std::to_string(expected_.seq + 1) + " to " +
                                                std::to_string(stored.seq) + " are missing (the log was truncated)"};
  } else if (stored.seq < expected_.seq) {
    broken_ = ChainBreak{stored.seq + 1, "entry " + std::to_string(stored.seq + 1) + " is past the recorded chain head"};
  } else if (stored.hash != expected_.hash) {
    broken_ = ChainBreak{expected_.seq, "recorded chain head does not match entry " + std::to_string(expected_.seq)};
  }
}

}  // namespace mc::staff
