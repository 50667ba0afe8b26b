// "Is this SMS or e-mail really from my caisse?" — the scam checker (SPEC §8) as API and page.
#include <cmath>
#include <variant>

#include "adapters/http/error_mapping.hpp"
#include "adapters/http/web_app.hpp"
#include "core/scam/checker.hpp"

namespace mc::http {

using json = nlohmann::json;

namespace {

json result_json(const scam::Result& r) {
  json reasons = json::array();
  for (const auto& x : r.reasons) reasons.push_back({{"code", x.code}, {"message", x.message}});
  json j = {{"verdict", scam::to_string(r.verdict)}, {"score", r.score}, {"reasons", reasons}, {"advice", r.advice}};
  if (r.truncated) j["truncated"] = true;
  return j;
}

std::string verdict_title(scam::Verdict v) {
  switch (v) {
    case scam::Verdict::scam: return "Ce message est très probablement une arnaque";
    case scam::Verdict::suspicious: return "Ce message présente des signes suspects";
    case scam::Verdict::no_sign: return "Aucun signe d'arnaque détecté";
  }
  return "";
}

}  // namespace

void register_scam_routes(WebApp& app, const scam::Checker& checker) {
  const auto* c = &checker;
  app.route("POST", "/api/v1/scam-check", [c](WebApp& a, Request& req, const auto&) {
    auto body = a.json_body(req);
    if (auto* err = std::get_if<Response>(&body)) return *err;
    const json& j = std::get<json>(body);
    auto text = j.find("text");
    if (text == j.end() || !text->is_string() || !scam::has_text(text->get_ref<const std::string&>()))
      return json_error(Errc::invalid_input, "Collez le texte du message à vérifier (champ « text »).", {{"detail", "text"}});
    scam::Message m;
    m.text = text->get<std::string>();
    for (const char* k : {"sender", "subject"}) {
      auto it = j.find(k);
      if (it != j.end() && !it->is_null() && !it->is_string())
        return json_error(Errc::invalid_input, std::string("Le champ « ") + k + " » doit être du texte.", {{"detail", k}});
    }
    m.sender = j.value("sender", json()).is_string() ? j["sender"].get<std::string>() : "";
    m.subject = j.value("subject", json()).is_string() ? j["subject"].get<std::string>() : "";
    std::string channel = j.value("channel", json()).is_string() ? j["channel"].get<std::string>() : (m.subject.empty() ? "sms" : "email");
    if (channel != "sms" && channel != "email")
      return json_error(Errc::invalid_input, "Le champ « channel » vaut « sms » ou « email ».", {{"detail", "channel"}});
    m.channel = channel == "email" ? scam::Channel::email : scam::Channel::sms;
    auto r = c->check(m);
    a.services().metrics.inc("moncompte_scam_checks_total", Metrics::label("verdict", scam::to_string(r.verdict)));
    return json_response(200, result_json(r));
  });
  app.route("GET", "/verifier-un-message", [](WebApp& a, Request& req, const auto&) {
    json ctx = {{"title", "Vérifier un message"}, {"channel_sms", true},
                {"signed_in", a.member_session(req).has_value()}};
    return a.anonymous_page(req, 200, "scam_check", ctx);
  });
  app.route("POST", "/verifier-un-message", [c](WebApp& a, Request& req, const auto&) {
    auto f = req.form();
    json ctx = {{"title", "Vérifier un message"}, {"text", f["text"]},
                {"sender", f["sender"]}, {"subject", f["subject"]}, {"channel_sms", f["channel"] != "email"},
                {"channel_email", f["channel"] == "email"}, {"signed_in", a.member_session(req).has_value()}};
    int status = 200;
    if (!a.check_csrf(req, f, std::nullopt)) {
      ctx["error"] = "Le formulaire a expiré. Validez à nouveau.";
      status = http_status(Errc::csrf);
    } else if (!scam::has_text(f["text"])) {
      ctx["error"] = "Collez le texte du message que vous avez reçu.";
      ctx["text_error"] = ctx["error"];
      status = http_status(Errc::invalid_input);
    } else {
      auto r = c->check({f["text"], f["sender"], f["subject"], f["channel"] == "email" ? scam::Channel::email : scam::Channel::sms});
      json res = result_json(r);
      res["title"] = verdict_title(r.verdict);
      res["is_scam"] = r.verdict == scam::Verdict::scam;
      res["is_suspicious"] = r.verdict == scam::Verdict::suspicious;
      res["is_clean"] = r.verdict == scam::Verdict::no_sign;
      res["percent"] = static_cast<int>(std::lround(r.score * 100));
      ctx["result"] = res;
      a.services().metrics.inc("moncompte_scam_checks_total", Metrics::label("verdict", scam::to_string(r.verdict)));
    }
    return a.anonymous_page(req, status, "scam_check", ctx);
  });
}

}  // namespace mc::http
