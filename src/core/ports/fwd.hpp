#pragma once
// Forward declarations of the ports (one header each in this folder), for headers that only hold
// references to them: a use case's *Deps struct or a service bundle. Including this instead of
// the port's own header keeps a change to one port from recompiling every user of that bundle;
// the .cpp that calls the port includes its header.

namespace mc::ports {

class Clock;
class Crypto;
class PasswordHasher;
struct Session;
class Store;
class OutboxStore;
struct CredentialChange;
class CodeStore;
class RateLimiter;
class AccountStore;
class Messages;
class AttestationStore;
class AttestationRenderer;
struct FranceConnectFlow;
class FranceConnectStore;
class FranceConnectProvider;
class Totp;
class BackOfficeStore;
class RetentionStore;
class ScamReportStore;
class RegisterLoader;
struct Device;
class DeviceStore;
class SignInHistory;
class MemberRecords;
class SourceBudgetStore;

}  // namespace mc::ports
