// turing-reader-cli's reader-study commands (declared in clicommands.h): what
// the coordinator does in the GUI, for scripts, pilots and servers.
#include "studies/clicommands.h"

#include "core/clioptions.h"
#include "studies/answerfile.h"
#include "studies/blindingcheck.h"
#include "studies/clipassphrase.h"
#include "studies/coordinatoraccess.h"
#include "studies/figuregrid.h"
#include "studies/imagefolder.h"
#include "studies/imagepool.h"
#include "studies/project.h"
#include "studies/readeraccess.h"
#include "studies/readingpackage.h"
#include "studies/readersession.h"
#include "studies/sessionimagefiles.h"
#include "studies/resultsexport.h"
#include "studies/sealedsources.h"
#include "studies/study.h"
#include "studies/studyresults.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QVariant>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iomanip>

namespace tr::studies {

namespace {

using core::CliFailed;
using core::CliOk;
using core::CliUsage;
using core::failed;

QString q(const std::string& s) { return QString::fromStdString(s); }
std::string s(const QString& q) { return q.toStdString(); }


std::optional<CoordinatorAccess> unlock(Project& project, const core::CliArguments& a, std::ostream& err)
{
    const auto passphrase = readPassphrase(a, "passphrase-file", "Coordinator passphrase: ", err);
    if (!passphrase)
        return std::nullopt;
    auto access = unlockCoordinator(project.database(), *passphrase);
    if (failed(access, err))
        return std::nullopt;
    return *access;
}

// Parses the options, opens the project named first; prints usage errors.
struct Invocation {
    core::CliArguments args;
    std::optional<Project> project;
    std::string need(const char* option) const { return args.value(option).value_or(""); }
};

// On failure `status` says whether the call was wrong (usage) or the project
// could not be opened (failed).
std::optional<Invocation> start(const std::vector<std::string>& args, const std::vector<std::string>& known,
    const std::vector<const char*>& required, const std::string& command, std::ostream& err, int& status)
{
    status = CliUsage;
    auto parsed = core::parseCliArguments(args, known, command, err);
    if (!parsed)
        return std::nullopt;
    if (parsed->positional.size() != 1) {
        err << command << ": name one project file (then the options).\n";
        return std::nullopt;
    }
    for (const char* option : required)
        if (!parsed->value(option)) {
            err << command << ": --" << option << " is required.\n";
            return std::nullopt;
        }
    auto project = Project::open(q(parsed->positional.front()));
    status = CliFailed;
    if (failed(project, err))
        return std::nullopt;
    Invocation invocation{*parsed, std::move(*project)};
    return invocation;
}

// A sealed project's pools read only once the coordinator unlocked it, and
// what is written to it is sealed as it is written (sealedsources.h); others
// as they always did. False after an error printed.
bool unlockIfSealed(Invocation& inv, std::ostream& err)
{
    auto& db = inv.project->database();
    auto sealing = sealingEnabled(db);
    if (failed(sealing, err))
        return false;
    auto sealed = *sealing ? core::Result<bool>(true) : hasSealedSources(db);
    if (failed(sealed, err))
        return false;
    return !*sealed || unlock(*inv.project, inv.args, err).has_value();
}

// "pool real ...": the sub-command and what follows it.
std::pair<std::string, std::vector<std::string>> subcommand(const std::vector<std::string>& args)
{
    if (args.empty())
        return {};
    return {args.front(), std::vector<std::string>(args.begin() + 1, args.end())};
}

// ---- passphrase, create --------------------------------------------------

int setPassphrase(Project& project, const core::CliArguments& a, std::ostream& out, std::ostream& err)
{
    QString current;
    if (hasCoordinatorPassphrase(project.database())) {
        const auto given = readPassphrase(a, "current-file", "Current coordinator passphrase: ", err);
        if (!given)
            return CliFailed;
        current = *given;
    }
    const auto passphrase = readPassphrase(a, "passphrase-file", "New coordinator passphrase: ", err);
    if (!passphrase)
        return CliFailed;
    if (!a.value("passphrase-file") && !std::getenv(kPassphraseVariable)) {
        const auto again = readPassphrase(a, "passphrase-file", "The same again: ", err);
        if (!again || *again != *passphrase) {
            err << "error: the two entries differ; nothing was changed.\n";
            return CliFailed;
        }
    }
    auto set = setCoordinatorPassphrase(project.database(), *passphrase, current);
    if (failed(set, err))
        return CliFailed;
    out << "coordinator passphrase set for " << s(project.path());
    if (const auto sealing = sealingEnabled(project.database()); sealing && *sealing)
        out << "; its image sources are sealed under it";
    out << '\n';
    return CliOk;
}

int createCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const auto a = core::parseCliArguments(args, {"passphrase-file"}, "create", err);
    if (!a || a->positional.size() != 1) {
        if (a)
            err << "create: name the new project file.\n";
        return CliUsage;
    }
    const QString path = q(a->positional.front());
    int status = CliOk;
    {
        auto project = Project::create(path);
        if (failed(project, err))
            return CliFailed;
        status = setPassphrase(*project, *a, out, err);
    } // closed here, so a failed creation leaves no file behind
    if (status != CliOk) {
        QFile::remove(path);
        err << "The project was not created.\n";
        return status;
    }
    out << "created " << a->positional.front() << '\n';
    return CliOk;
}

int passphraseCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    int status = CliUsage;
    auto inv = start(args, {"passphrase-file", "current-file"}, {}, "passphrase", err, status);
    if (!inv)
        return status;
    return setPassphrase(*inv->project, inv->args, out, err);
}

// ---- pool ----------------------------------------------------------------

void printPool(const PoolRecord& p, std::ostream& out)
{
    out << std::left << std::setw(20) << s(p.name) << std::setw(9) << (p.created ? "created" : "real")
        << std::setw(8) << p.size << std::setw(8) << (std::to_string(p.resolution) + "px") << s(p.recipe)
        << (p.discarded ? " (" + std::to_string(p.discarded) + " discarded)" : std::string()) << '\n';
}

int poolCommand(const ModelLayer& model, const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    int status = CliUsage;
    const auto [sub, rest] = subcommand(args);
    if (sub == "list") {
        auto inv = start(rest, {}, {}, "pool list", err, status);
        if (!inv)
            return status;
        auto all = pools(inv->project->database());
        if (failed(all, err))
            return CliFailed;
        out << std::left << std::setw(20) << "pool" << std::setw(9) << "kind" << std::setw(8) << "images"
            << std::setw(8) << "size" << "made from\n";
        for (const auto& p : *all)
            printPool(p, out);
        if (all->empty())
            out << "(no pools yet: 'pool real' and 'pool created' add them)\n";
        return CliOk;
    }
    if (sub == "discard") {
        auto inv = start(rest, {"name", "position", "reason", "passphrase-file"}, {"name", "position", "reason"},
            "pool discard", err, status);
        if (!inv)
            return status;
        long long position = 0;
        if (!core::wholeNumber(inv->args.value("position"), position, "position", err))
            return CliUsage;
        const auto access = unlock(*inv->project, inv->args, err);
        if (!access)
            return CliFailed;
        if (failed(discardImage(inv->project->database(), *access, q(inv->need("name")), int(position),
                       q(inv->need("reason"))),
                err))
            return CliFailed;
        out << "image " << position << " of pool " << inv->need("name") << " discarded; the reason is kept\n";
        return CliOk;
    }
    if (sub == "export") {
        auto inv = start(rest, {"name", "out", "passphrase-file"}, {"name", "out"}, "pool export", err, status);
        if (!inv)
            return status;
        if (!unlockIfSealed(*inv, err))
            return CliFailed;
        const auto written = exportRealPool(inv->project->database(), q(inv->need("name")), q(inv->need("out")));
        if (failed(written, err))
            return CliFailed;
        out << *written << " images of pool " << inv->need("name") << " in " << inv->need("out") << " (manifest.csv)\n";
        return CliOk;
    }
    if (sub == "import") {
        auto inv = start(rest, {"name", "from", "source", "folder", "seed", "resolution", "passphrase-file"}, {"name"},
            "pool import", err, status);
        if (!inv)
            return status;
        if (!inv->args.value("from") == !inv->args.value("folder")) {
            err << "pool import: give --folder DIR (created images from any program) or --from DIR (real slices "
                   "exported by 'pool export').\n";
            return CliUsage;
        }
        if (!unlockIfSealed(*inv, err))
            return CliFailed;
        if (const auto folder = inv->args.value("folder")) {
            long long resolution = 0;
            unsigned long long seed = 1;
            if (!core::wholeNumber(inv->args.value("resolution"), resolution, "resolution", err)
                || !core::unsignedNumber(inv->args.value("seed"), seed, "seed", err))
                return CliUsage;
            const std::atomic<bool> never{false};
            auto made = addCreatedPoolFromFolder(*inv->project, q(inv->need("name")), q(*folder), seed, int(resolution), never);
            if (failed(made, err))
                return CliFailed;
            for (const auto& r : made->refusals)
                out << "refused " << s(r.file) << ": " << s(r.reason) << '\n';
            printPool(made->pool, out);
            return CliOk;
        }
        const QString from = q(inv->need("from"));
        auto made = addRealPoolFromFolder(*inv->project, q(inv->need("name")), from,
            inv->args.value("source") ? q(*inv->args.value("source")) : QStringLiteral("a pool folder"));
        if (failed(made, err))
            return CliFailed;
        printPool(*made, out);
        return CliOk;
    }
    if (sub != "real" && sub != "created") {
        err << "pool: say 'real', 'created', 'import', 'export', 'list' or 'discard' first.\n";
        return CliUsage;
    }
    auto inv = sub == "real"
        ? start(rest, {"name", "count", "seed", "resolution", "volumes", "grid", "passphrase-file"}, {"name", "count"},
              "pool real", err, status)
        : start(rest, {"name", "count", "seed", "model", "device", "passphrase-file"}, {"name", "count", "model"},
              "pool created", err, status);
    if (!inv)
        return status;
    long long count = 0, resolution = 64;
    unsigned long long seed = 1;
    if (!core::wholeNumber(inv->args.value("count"), count, "count", err)
        || !core::wholeNumber(inv->args.value("resolution"), resolution, "resolution", err)
        || !core::unsignedNumber(inv->args.value("seed"), seed, "seed", err))
        return CliUsage;
    if (count < 1 || count > 100000) {
        err << "pool: --count must be 1 to 100000.\n";
        return CliUsage;
    }
    if (!unlockIfSealed(*inv, err))
        return CliFailed;
    core::Result<PoolRecord> made = core::Error{};
    if (sub == "real") {
        RealPoolRequest request;
        request.name = q(inv->need("name"));
        request.count = int(count);
        request.seed = seed;
        if (const auto grid = inv->args.value("grid")) {
            auto parsed = core::AugmentationGrid::fromString(*grid);
            if (!parsed) {
                err << "pool real: --grid: " << parsed.error().toString() << '\n';
                return CliUsage;
            }
            request.grid = *parsed;
        } else {
            request.grid.matrix = int(resolution);
        }
        if (const auto volumes = inv->args.value("volumes"))
            request.volumes = q(*volumes).split(QLatin1Char(','), Qt::SkipEmptyParts);
        made = addRealPool(*inv->project, request);
    } else {
        const std::atomic<bool> never{false};
        auto source = openCreatedImageSource(q(inv->need("model")), inv->args.value("device").value_or("cpu"),
            model.openGenerator);
        if (failed(source, err))
            return CliFailed;
        auto batch = createdBatch(**source, int(count), seed, never);
        if (failed(batch, err))
            return CliFailed;
        made = addCreatedPool(*inv->project, q(inv->need("name")), seed, *batch);
    }
    if (failed(made, err))
        return CliFailed;
    printPool(*made, out);
    return CliOk;
}

// ---- study ---------------------------------------------------------------

bool parseDesign(const core::CliArguments& a, StudyDesign& d, std::ostream& err)
{
    long long images = d.draw.imagesPerReader, training = d.draw.trainingCases, limit = d.timeLimitSeconds;
    if (!core::wholeNumber(a.value("images"), images, "images", err)
        || !core::wholeNumber(a.value("training"), training, "training", err)
        || !core::wholeNumber(a.value("time-limit"), limit, "time-limit", err)
        || !core::yesOrNo(a.value("unknown"), d.allowUnknown, "unknown", "yes (offer 'unknown') or no", err)
        || !core::yesOrNo(a.value("confidence"), d.askConfidence, "confidence", "yes (ask 1-5) or no", err)
        || !core::yesOrNo(a.value("reasons"), d.askReasons, "reasons", "yes (ask why) or no", err)
        || !core::yesOrNo(a.value("same-set"), d.draw.sameSetForEveryReader, "same-set",
            "yes (every reader sees the same images) or no", err))
        return false;
    if (const auto keys = a.value("keys")) {
        // "R,C" or "R,C,U": real, created and, where offered, unknown.
        const QStringList names = QString::fromStdString(*keys).split(QLatin1Char(','));
        if (names.size() < 2 || names.size() > 3) {
            err << "--keys is REAL,CREATED[,UNKNOWN], e.g. R,C,U or Left,Right,Down, not '" << *keys << "'.\n";
            return false;
        }
        d.keys.real = names[0].trimmed();
        d.keys.created = names[1].trimmed();
        if (names.size() == 3)
            d.keys.unknown = names[2].trimmed();
    }
    d.draw.imagesPerReader = int(images);
    d.draw.trainingCases = int(training);
    d.timeLimitSeconds = int(limit);
    if (const auto share = a.value("created-share")) {
        // "40-60" (percent), as the paper states it.
        const auto dash = share->find('-');
        double low = 0, high = 0;
        if (dash == std::string::npos || !core::decimalNumber(share->substr(0, dash), low, "created-share", err)
            || !core::decimalNumber(share->substr(dash + 1), high, "created-share", err) || low < 0 || high > 100
            || low > high) {
            err << "--created-share is MIN-MAX in percent, e.g. 40-60, not '" << *share << "'.\n";
            return false;
        }
        d.draw.minimumCreatedShare = low / 100.0;
        d.draw.maximumCreatedShare = high / 100.0;
    }
    return true;
}

// The seed is the coordinator's: with it and the public drawing code anyone
// could rebuild every reader's answer key.
void printDesign(const StudyRecord& st, std::ostream& out, bool coordinator)
{
    const StudyDesign& d = st.design;
    out << "study " << s(st.name) << " (created " << s(st.createdAt) << ")\n"
        << "  images per reader: " << d.draw.imagesPerReader << ", created share " << d.draw.minimumCreatedShare * 100
        << "-" << d.draw.maximumCreatedShare * 100 << " %, training cases: " << d.draw.trainingCases << '\n'
        << "  time limit: " << (d.timeLimitSeconds ? std::to_string(d.timeLimitSeconds) + " s" : std::string("none"))
        << ", unknown: " << (d.allowUnknown ? "yes" : "no") << ", confidence: " << (d.askConfidence ? "yes" : "no")
        << ", reasons: " << (d.askReasons ? "yes" : "no") << ", keys: " << s(d.keys.real) << "," << s(d.keys.created)
        << (d.allowUnknown ? "," + s(d.keys.unknown) : std::string())
        << ", same set for every reader: " << (d.draw.sameSetForEveryReader ? "yes" : "no") << '\n'
        << "  pools: real " << s(st.realPool) << " (" << st.realPoolSize << "), created " << s(st.createdPool) << " ("
        << st.createdPoolSize << ")" << (coordinator ? "; seed " + std::to_string(st.seed) : std::string()) << '\n';
}

int studyCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    int status = CliUsage;
    const auto [sub, rest] = subcommand(args);
    if (sub == "create") {
        auto inv = start(rest,
            {"name", "real", "created", "seed", "images", "created-share", "training", "time-limit", "unknown",
                "confidence", "reasons", "same-set", "keys", "passphrase-file"},
            {"name", "real", "created"}, "study create", err, status);
        if (!inv)
            return status;
        StudyDesign design;
        unsigned long long seed = 0;
        if (!parseDesign(inv->args, design, err) || !core::unsignedNumber(inv->args.value("seed"), seed, "seed", err))
            return CliUsage;
        if (!inv->args.value("seed")) // a fresh seed, stored with the study and printed
            seed = std::uint64_t(std::chrono::system_clock::now().time_since_epoch().count());
        const auto access = unlock(*inv->project, inv->args, err);
        if (!access)
            return CliFailed;
        auto created = createStudy(inv->project->database(), *access, q(inv->need("name")), q(inv->need("real")),
            q(inv->need("created")), seed, design);
        if (failed(created, err))
            return CliFailed;
        printDesign(*created, out, true);
        if (auto check = blindingCheck(inv->project->database(), created->name); check && *check)
            out << '\n' << s((*check)->summary);
        return CliOk;
    }
    if (sub == "check") {
        auto inv = start(rest, {"study", "acknowledge", "passphrase-file"}, {"study"}, "study check", err, status);
        if (!inv)
            return status;
        auto& db = inv->project->database();
        // Acknowledging needs the coordinator: asked once, before the check
        // (which reads a sealed project's pools with the same key).
        const auto note = inv->args.value("acknowledge");
        std::optional<CoordinatorAccess> access;
        if (note) {
            access = unlock(*inv->project, inv->args, err);
            if (!access)
                return CliFailed;
        } else if (!unlockIfSealed(*inv, err)) {
            return CliFailed;
        }
        auto st = study(db, q(inv->need("study")));
        if (failed(st, err))
            return CliFailed;
        // Run again on the pools as they are: the same figures as at creation
        // (pools are fixed once a study draws from them), shown in full.
        auto check = checkBlinding(db, st->realPool, st->createdPool, st->seed);
        if (failed(check, err))
            return CliFailed;
        out << s(formatBlindingCheck(*check));
        if (note) {
            auto acknowledged = acknowledgeBlindingCheck(db, *access, st->name, q(*note));
            if (failed(acknowledged, err))
                return CliFailed;
            out << s(blindingSentence(*acknowledged)) << '\n';
            return CliOk;
        }
        auto stored = blindingCheck(db, st->name);
        if (failed(stored, err))
            return CliFailed;
        out << (*stored ? s(blindingSentence(**stored)) : std::string("No check is on record for this study yet; "
                                                                     "--acknowledge records one."))
            << '\n';
        return CliOk;
    }
    if (sub == "show") {
        auto inv = start(rest, {"study"}, {}, "study show", err, status);
        if (!inv)
            return status;
        auto& db = inv->project->database();
        auto all = studies(db);
        if (failed(all, err))
            return CliFailed;
        for (const auto& st : *all) {
            if (inv->args.value("study") && st.name != q(inv->need("study")))
                continue;
            printDesign(st, out, false);
            auto progress = readerProgress(db, st.name);
            if (failed(progress, err))
                return CliFailed;
            for (const ReaderProgress& p : *progress)
                out << "  reader " << std::left << std::setw(10) << s(p.reader.code) << std::setw(12)
                    << s(stateKey(p.state)) << "practice " << p.trainingAnswered << "/" << p.trainingCount << ", "
                    << p.mainAnswered << "/" << p.mainCount << " answered\n";
        }
        if (inv->args.value("study") && !study(db, q(inv->need("study"))).ok())
            return failed(study(db, q(inv->need("study"))), err) ? CliFailed : CliOk;
        if (all->empty())
            out << "(no studies yet: 'study create' adds one)\n";
        return CliOk;
    }
    if (sub == "key") {
        auto inv = start(rest, {"study", "reader", "passphrase-file"}, {"study", "reader"}, "study key", err, status);
        if (!inv)
            return status;
        const auto access = unlock(*inv->project, inv->args, err);
        if (!access)
            return CliFailed;
        auto key = answerKey(inv->project->database(), *access, q(inv->need("study")), q(inv->need("reader")));
        if (failed(key, err))
            return CliFailed;
        out << "block,position,truth,pool\n";
        for (const auto& k : *key)
            out << s(blockKey(k.block)) << ',' << k.position << ',' << (k.created ? "created" : "real") << ','
                << s(k.pool) << '\n';
        return CliOk;
    }
    err << "study: say 'create', 'check', 'show' or 'key' first.\n";
    return CliUsage;
}

// ---- reader --------------------------------------------------------------

int readerCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    int status = CliUsage;
    const auto [sub, rest] = subcommand(args);
    if (sub == "add") {
        auto inv = start(rest, {"code", "name", "group", "years", "passphrase-file"}, {"code", "group"}, "reader add", err,
            status);
        if (!inv)
            return status;
        // A sealed project draws the new reader's sessions now, with the key.
        if (!unlockIfSealed(*inv, err))
            return CliFailed;
        long long years = -1;
        if (!core::wholeNumber(inv->args.value("years"), years, "years", err))
            return CliUsage;
        ReaderRecord r;
        r.code = q(inv->need("code"));
        r.displayName = q(inv->args.value("name").value_or(""));
        r.group = q(inv->need("group"));
        if (years >= 0)
            r.yearsOfExperience = int(years);
        auto added = addReader(inv->project->database(), r);
        if (failed(added, err))
            return CliFailed;
        out << "reader " << s(added->code) << " (" << s(added->group) << ") added\n";
        return CliOk;
    }
    if (sub == "list") {
        auto inv = start(rest, {}, {}, "reader list", err, status);
        if (!inv)
            return status;
        auto all = readers(inv->project->database());
        if (failed(all, err))
            return CliFailed;
        for (const auto& r : *all)
            out << std::left << std::setw(10) << s(r.code) << std::setw(24) << s(r.group)
                << (r.yearsOfExperience ? std::to_string(*r.yearsOfExperience) + " years  " : std::string("         "))
                << s(r.displayName) << '\n';
        return CliOk;
    }
    if (sub == "login") {
        auto inv = start(rest, {"code", "password-file", "passphrase-file"}, {"code"}, "reader login", err, status);
        if (!inv)
            return status;
        const auto access = unlock(*inv->project, inv->args, err);
        if (!access)
            return CliFailed;
        const auto password = readPassphrase(inv->args, "password-file", "The reader's new password: ", err);
        if (!password)
            return CliFailed;
        auto login = grantReaderLogin(inv->project->database(), *access, q(inv->need("code")), *password);
        if (failed(login, err))
            return CliFailed;
        out << "reader " << inv->need("code") << " signs in as " << s(*login)
            << " (sees only their own sitting; the session is made with 'session prepare')\n"
            << "their workstation: turing-reader --project " << s(readerLoginUrl(inv->project->path(), *login))
            << " --study STUDY --reader " << inv->need("code") << "   (the password from PGPASSWORD or ~/.pgpass)\n";
        return CliOk;
    }
    err << "reader: say 'add', 'list' or 'login' first.\n";
    return CliUsage;
}

// ---- session -------------------------------------------------------------

std::string label(const Presentation& p) { return presentationLabel(p); }

int answerSession(Invocation& inv, std::ostream& out, std::ostream& err)
{
    const std::string source = inv.need("answers");
    QFile file;
    const bool fromStdin = source == "-";
    const bool opened = fromStdin ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(q(source)), file.open(QIODevice::ReadOnly));
    if (!opened) {
        err << "error: " << source << ": the answers file cannot be read.\n";
        return CliFailed;
    }
    auto session = ReaderSession::open(inv.project->database(), q(inv.need("study")), q(inv.need("reader")));
    if (failed(session, err))
        return CliFailed;
    if (session->resumedAfterInterruption())
        out << "resuming after an interruption (logged)\n";
    // Only before any training answer: on a rerun after a crash the session may be
    // in its main block already, and a study without training has nothing to skip.
    const bool trainingPending = session->count(Block::Training) > 0 && session->answered(Block::Training) == 0
        && (session->state() == SessionState::NotStarted || session->state() == SessionState::Training);
    if (const auto reason = inv.args.value("skip-training"); reason && trainingPending)
        if (failed(session->skipTraining(q(*reason)), err))
            return CliFailed;
    const QString sourceName = fromStdin ? QStringLiteral("standard input") : q(source);
    const auto recorded = answerFromCsv(*session, file, sourceName, [&](const Recorded& r) {
        out << "recorded " << label(r.presentation);
        if (r.trainingTruthIsCreated)
            out << " (training feedback: the image was " << (*r.trainingTruthIsCreated ? "created" : "real") << ')';
        out << '\n' << std::flush;
    });
    if (failed(recorded, err))
        return CliFailed;
    out << *recorded << " answers recorded; session " << s(stateKey(session->state())) << ", main block "
        << session->answered(Block::Main) << "/" << session->count(Block::Main) << '\n';
    return CliOk;
}

int sessionCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    int status = CliUsage;
    const auto [sub, rest] = subcommand(args);
    if (sub == "images") {
        auto inv = start(rest, {"study", "reader", "out"}, {"study", "reader"}, "session images", err, status);
        if (!inv)
            return status;
        auto session = ReaderSession::open(inv->project->database(), q(inv->need("study")), q(inv->need("reader")));
        if (failed(session, err))
            return CliFailed;
        const auto dir = inv->args.value("out");
        std::vector<QString> files;
        if (dir) {
            auto written = writeSessionImages(*session, q(*dir));
            if (failed(written, err))
                return CliFailed;
            files = std::move(*written);
        }
        out << "session of " << inv->need("reader") << " in " << inv->need("study") << ": "
            << s(stateKey(session->state())) << '\n'
            << "position,answered" << (dir ? ",file" : "") << '\n';
        std::size_t i = 0;
        for (const Presentation& p : session->presentations()) {
            out << label(p) << ',' << (p.answered ? "yes" : "no");
            if (dir)
                out << ',' << s(files[i++]);
            out << '\n';
        }
        return CliOk;
    }
    if (sub == "prepare") {
        auto inv = start(rest, {"study", "reader", "passphrase-file"}, {"study", "reader"}, "session prepare", err, status);
        if (!inv)
            return status;
        const auto access = unlock(*inv->project, inv->args, err);
        if (!access)
            return CliFailed;
        auto& db = inv->project->database();
        QStringList codes{q(inv->need("reader"))};
        if (codes.front() == QLatin1String("all")) {
            auto all = readers(db);
            if (failed(all, err))
                return CliFailed;
            codes.clear();
            for (const auto& r : *all)
                codes << r.code;
        }
        for (const QString& code : codes) {
            auto prepared = prepareSession(db, *access, q(inv->need("study")), code);
            if (failed(prepared, err))
                return CliFailed;
            out << "session of " << s(code) << " in " << inv->need("study") << " ready\n";
        }
        return CliOk;
    }
    if (sub == "answer") {
        auto inv = start(rest, {"study", "reader", "answers", "skip-training"}, {"study", "reader", "answers"},
            "session answer", err, status);
        if (!inv)
            return status;
        return answerSession(*inv, out, err);
    }
    if (sub == "abandon" || sub == "correct") {
        const bool correct = sub == "correct";
        auto inv = correct ? start(rest, {"study", "reader", "position", "verdict", "reason", "passphrase-file"},
                                 {"study", "reader", "position", "verdict", "reason"}, "session correct", err, status)
                           : start(rest, {"study", "reader", "reason", "passphrase-file"}, {"study", "reader", "reason"},
                                 "session abandon", err, status);
        if (!inv)
            return status;
        std::optional<Call> call;
        std::string position = inv->need("position");
        const Block block = !position.empty() && position.front() == 'T' ? Block::Training : Block::Main;
        bool ok = true;
        const int number = q(block == Block::Training ? position.substr(1) : position).toInt(&ok);
        if (correct) {
            call = parseCall(q(inv->need("verdict")));
            if (!call || !ok) {
                err << "session correct: --verdict is real, created, unknown or timeout and --position a number "
                       "(T1, T2, ... for training cases).\n";
                return CliUsage;
            }
        }
        const auto access = unlock(*inv->project, inv->args, err);
        if (!access)
            return CliFailed;
        auto& db = inv->project->database();
        const auto done = correct ? correctVerdict(db, *access, q(inv->need("study")), q(inv->need("reader")), block,
                                        number, *call, q(inv->need("reason")))
                                  : abandonSession(db, *access, q(inv->need("study")), q(inv->need("reader")),
                                        q(inv->need("reason")));
        if (failed(done, err))
            return CliFailed;
        out << (correct ? "correction recorded (the reader's original is kept)\n" : "session abandoned\n");
        return CliOk;
    }
    if (sub == "package") {
        auto inv = start(rest, {"study", "reader", "out", "replace", "passphrase-file"}, {"study", "reader", "out"},
            "session package", err, status);
        if (!inv)
            return status;
        bool replace = false;
        if (!core::yesOrNo(inv->args.value("replace"), replace, "replace", "replace the package that is out", err))
            return CliUsage;
        const auto access = unlock(*inv->project, inv->args, err);
        if (!access)
            return CliFailed;
        auto made = makeReadingPackage(inv->project->database(), *access, q(inv->need("study")),
            q(inv->need("reader")), q(inv->need("out")), replace);
        if (failed(made, err))
            return CliFailed;
        out << "reading package " << inv->need("out") << ": reader " << inv->need("reader") << " in "
            << inv->need("study") << ", " << made->trainingCount << " training + " << made->mainCount
            << " main images, no truth (package " << s(made->packageId) << ")\n";
        if (!made->replacedMadeAt.isEmpty())
            out << "the package made " << s(made->replacedMadeAt) << " can no longer be merged\n";
        out << "the reader opens it with: turing-reader " << inv->need("out") << '\n';
        return CliOk;
    }
    if (sub == "merge") {
        auto inv = start(rest, {"package", "passphrase-file"}, {"package"}, "session merge", err, status);
        if (!inv)
            return status;
        const auto access = unlock(*inv->project, inv->args, err);
        if (!access)
            return CliFailed;
        auto merged = mergeReadingPackage(inv->project->database(), *access, q(inv->need("package")));
        if (failed(merged, err))
            return CliFailed;
        out << "merged " << inv->need("package") << ": reader " << s(merged->readerCode) << " in "
            << s(merged->study) << ", " << merged->trainingAnswered << " training + " << merged->mainAnswered << "/"
            << merged->mainCount << " main answers, " << merged->events << " events; session "
            << s(stateKey(merged->state)) << '\n';
        return CliOk;
    }
    if (sub == "recall") {
        auto inv = start(rest, {"study", "reader", "reason", "passphrase-file"}, {"study", "reader", "reason"},
            "session recall", err, status);
        if (!inv)
            return status;
        const auto access = unlock(*inv->project, inv->args, err);
        if (!access)
            return CliFailed;
        auto recalled = recallReadingPackage(inv->project->database(), *access, q(inv->need("study")),
            q(inv->need("reader")), q(inv->need("reason")));
        if (failed(recalled, err))
            return CliFailed;
        out << "package recalled: it can no longer be merged, and the session can be read here\n";
        return CliOk;
    }
    err << "session: say 'images', 'prepare', 'answer', 'correct', 'abandon', 'package', 'merge' or 'recall' first.\n";
    return CliUsage;
}

// ---- results, events -----------------------------------------------------

int resultsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    int status = CliUsage;
    auto inv = start(args, {"study", "format", "out", "passphrase-file"}, {"study"}, "results", err, status);
    if (!inv)
        return status;
    const auto format = parseResultsFormat(q(inv->args.value("format").value_or("md")));
    if (!format) {
        err << "results: --format is one of " << s(resultsFormatNames()) << ".\n";
        return CliUsage;
    }
    const auto outPath = inv->args.value("out");
    if (*format == ResultsFormat::Pdf && !outPath) {
        err << "results: a PDF goes to a file; give --out FILE.pdf.\n";
        return CliUsage;
    }
    const auto access = unlock(*inv->project, inv->args, err);
    if (!access)
        return CliFailed;
    auto& db = inv->project->database();
    auto results = studyResults(db, *access, q(inv->need("study")));
    if (failed(results, err))
        return CliFailed;
    std::vector<ResponseRow> rows;
    if (*format == ResultsFormat::Raw) {
        auto loaded = loadResponses(db, *access, q(inv->need("study")));
        if (failed(loaded, err))
            return CliFailed;
        rows = std::move(*loaded);
    }
    const QByteArray bytes = renderResults(*results, *format, rows);
    (void)logEvent(db, QStringLiteral("results read"), q(inv->args.value("format").value_or("md")), results->study.id);
    if (!outPath) {
        out.write(bytes.constData(), bytes.size());
        return CliOk;
    }
    QSaveFile file(q(*outPath));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        err << "error: " << *outPath << ": cannot be written (" << s(file.errorString()) << ").\n";
        return CliFailed;
    }
    out << "wrote " << *outPath << '\n';
    return CliOk;
}

int figureCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    int status = CliUsage;
    auto inv = start(args, {"study", "out", "count", "columns", "seed", "passphrase-file"}, {"study", "out"}, "figure",
        err, status);
    if (!inv)
        return status;
    long long count = 12, columns = 4;
    unsigned long long seed = 1;
    if (!core::wholeNumber(inv->args.value("count"), count, "count", err)
        || !core::wholeNumber(inv->args.value("columns"), columns, "columns", err)
        || !core::unsignedNumber(inv->args.value("seed"), seed, "seed", err))
        return CliUsage;
    const QString outPath = q(inv->need("out"));
    const bool pdf = outPath.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive);
    if (!pdf && !outPath.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
        err << "figure: --out names a .png or a .pdf file, not '" << s(outPath) << "'.\n";
        return CliUsage;
    }
    const auto access = unlock(*inv->project, inv->args, err);
    if (!access)
        return CliFailed;
    auto& db = inv->project->database();
    auto grid = figureGrid(db, *access, q(inv->need("study")), int(count), int(columns), seed);
    if (failed(grid, err))
        return CliFailed;
    QByteArray bytes = pdf ? figurePdf(*grid) : QByteArray();
    if (!pdf) {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        renderFigure(*grid).save(&buffer, "PNG");
    }
    QSaveFile file(outPath);
    if (bytes.isEmpty() || !file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        err << "error: " << s(outPath) << ": cannot be written (" << s(file.errorString()) << ").\n";
        return CliFailed;
    }
    (void)logEvent(db, QStringLiteral("figure made"),
        QStringLiteral("study %1, %2 images, seed %3").arg(grid->study).arg(count).arg(seed));
    out << "wrote " << s(outPath) << "\n" << s(grid->caption) << '\n';
    return CliOk;
}

// ---- seal ----------------------------------------------------------------

int sealCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    int status = CliUsage;
    auto inv = start(args, {"passphrase-file"}, {}, "seal", err, status);
    if (!inv)
        return status;
    auto access = unlock(*inv->project, inv->args, err);
    if (!access)
        return CliFailed;
    auto sealed = enableSealing(inv->project->database(), *access);
    if (failed(sealed, err))
        return CliFailed;
    out << "sealed " << s(inv->project->path()) << ": " << *sealed
        << " image sources sealed now; images written from now on are sealed too. Every reader's session is "
           "drawn; a reader added later is drawn when the coordinator next opens the project.\n";
    return CliOk;
}

int eventsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    int status = CliUsage;
    auto inv = start(args, {"study"}, {}, "events", err, status);
    if (!inv)
        return status;
    const QString studyName = inv->args.value("study") ? q(inv->need("study")) : QString();
    auto events = eventLog(inv->project->database(), studyName);
    if (failed(events, err))
        return CliFailed;
    for (const EventRecord& e : *events)
        out << s(e.at) << "  " << std::left << std::setw(12) << s(e.study) << std::setw(8) << s(e.reader)
            << std::setw(20) << s(e.kind) << s(e.detail) << '\n';
    return CliOk;
}

} // namespace

std::vector<core::CliCommand> studyCliCommands(const ModelLayer& model)
{
    const std::string passphrase = "  The coordinator passphrase comes from --passphrase-file FILE, the environment "
                                   "variable TURING_READER_PASSPHRASE, or is asked on the terminal.";
    return {
        {"create", "Create an empty project and set its coordinator passphrase",
            "create PROJECT [--passphrase-file FILE]\n" + passphrase, createCommand},
        {"passphrase", "Set (or change) a project's coordinator passphrase",
            "passphrase PROJECT [--passphrase-file NEW] [--current-file OLD]\n" + passphrase, passphraseCommand},
        {"pool", "Add image pools to a project (real slices, a generator's images, an image folder), or list them",
            "pool real PROJECT --name N --count K [--seed S] [--resolution 64] [--volumes V001,...] [--grid G]\n"
            "  K distinct images of the paper's grid over the ready volumes, drawn with seed S\n"
            "pool created PROJECT --name N --count K --model MODEL [--seed S] [--device cpu|cuda]\n"
            "  MODEL: default, a model file (.trmodel), a TorchScript module (.pt, .pth, .ts) or an image folder\n"
            "pool import PROJECT --name N --folder DIR [--seed S] [--resolution R]\n"
            "  created images from any program: PNG (8/16-bit grey), 2D NIfTI, single-frame DICOM, all taken,\n"
            "  in an order shuffled with seed S; R defaults to the real pools' matrix. Files that cannot be\n"
            "  used (broken, colour, another matrix, duplicates) are refused by name, with the reason\n"
            "pool export PROJECT --name POOL --out DIR   a real pool's images as PNG files with manifest.csv\n"
            "pool import PROJECT --name N --from DIR [--source TEXT]   real slices made elsewhere, from such a folder\n"
            "pool list PROJECT\n"
            "  A sealed project file (every one made with a passphrase) asks for the coordinator passphrase\n"
            "  (--passphrase-file FILE, TURING_READER_PASSPHRASE or the terminal) to add, export or check\n"
            "  pools: what is written is sealed at once\n"
            "pool discard PROJECT --name POOL --position N --reason TEXT   (coordinator; before any study uses the pool)",
            [model](const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
                return poolCommand(model, args, out, err);
            }},
        {"study", "Create a reader study, check its blinding, show studies and progress, or read an answer key",
            "study create PROJECT --name N --real POOL --created POOL [--seed S] [--images 50]\n"
            "       [--created-share 40-60] [--training 10] [--time-limit 10] [--unknown no] [--confidence no]\n"
            "       [--reasons no] [--same-set no] [--keys R,C,U]      (coordinator)\n"
            "  --keys: the answer keys for real, created and unknown: letters, digits or Left/Right/Up/Down\n"
            "study check PROJECT --study N [--acknowledge \"WHY\"]   the blinding check: can a low-level cue alone\n"
            "  (histogram, air, texture, PNG size, exact duplicates) tell the pools apart? Made with every study; a\n"
            "  raised check stops new sessions until the coordinator acknowledges it (kept in every report)\n"
            "study show PROJECT [--study N]\n"
            "study key PROJECT --study N --reader R     (coordinator)\n" + passphrase,
            studyCommand},
        {"reader", "Add a reader (pseudonymous code, group, experience), list them, or give one a server login",
            "reader add PROJECT --code NR1 --group neuroradiologist|non-neuroradiologist|OTHER [--years Y]"
            " [--name NAME]\nreader list PROJECT\n"
            "reader login URL --code NR1 [--password-file FILE]   (coordinator; a project server only)\n"
            "  a PostgreSQL login for the reader's workstation that sees only their own sitting; the password is\n"
            "  asked on the terminal when no file is given. The coordinator's role needs CREATEROLE.\n" + passphrase,
            readerCommand},
        {"session", "A reader's session: image list, scripted answers, corrections, abandon",
            "session images PROJECT --study N --reader R [--out DIR]   the presentation list (no truth)\n"
            "session prepare PROJECT --study N --reader R|all   draw the sessions before readers sign in (coordinator;\n"
            "  a reader's server login cannot draw its own)\n"
            "session answer PROJECT --study N --reader R --answers FILE.csv|- [--skip-training REASON]\n"
            "  CSV with a header: position,verdict,response_ms[,confidence][,reasons][,reason_text];\n"
            "  positions T1.. for training, 1.. for the main block, in order; each answer is committed at once\n"
            "session correct PROJECT --study N --reader R --position P --verdict V --reason TEXT  (coordinator)\n"
            "session abandon PROJECT --study N --reader R --reason TEXT                          (coordinator)\n"
            "session package PROJECT --study N --reader R --out FILE.trpackage [--replace yes]  (coordinator)\n"
            "  one reader's sitting as a sealed file for a workstation with no network: images in order and\n"
            "  the design, no truth; the reader runs 'turing-reader FILE'. --replace: a new one for a lost one\n"
            "session merge PROJECT --package FILE                 the answered package back (coordinator;\n"
            "  refuses a changed, foreign, replaced or merged package)\n"
            "session recall PROJECT --study N --reader R --reason TEXT   a package that will not come back\n"
                + passphrase,
            sessionCommand},
        {"figure", "A figure like the paper's Figure 1B: real and created images, lettered, the key in the caption",
            "figure PROJECT --study N --out FILE.png|FILE.pdf [--count 12] [--columns 4] [--seed 1]   (coordinator)\n"
            "  Images drawn at random from the study's pools, half of each, never chosen by hand.\n" + passphrase,
            figureCommand},
        {"results", "A study's results: Table 1, statistics, agreement; or the raw data",
            "results PROJECT --study N [--format " + s(resultsFormatNames()) + "] [--out FILE]   (coordinator)\n"
                + passphrase,
            resultsCommand},
        {"seal", "Seal what links each image to its source, so that the project file gives no answer key",
            "seal PROJECT [--passphrase-file FILE]   (coordinator; a project file)\n"
            "  Each image's pool, position and provenance, and every study's and session's seed, are stored\n"
            "  encrypted under the coordinator passphrase (AES-256-GCM); images get new random ids. Without the\n"
            "  passphrase a drawn session still runs, but no new one can be drawn, so every reader's session is\n"
            "  drawn now and whenever the coordinator opens the project. For good: there is no unsealing.\n"
            "  A project file is sealed when its first passphrase is set; this is for files made before.\n"
                + passphrase,
            sealCommand},
        {"events", "The project's event log (sessions opened, interrupted, answers corrected, ...)",
            "events PROJECT [--study N]", eventsCommand},
    };
}

} // namespace tr::studies
