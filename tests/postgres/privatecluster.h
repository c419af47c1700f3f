#pragma once
// A PostgreSQL cluster of one test's own (tests/postgres/cluster.sh), for the
// fault tests that stop and start the server under a sitting: the postgres
// fixture's cluster is shared with tests running beside them. It becomes the
// test's project server (TR_TEST_POSTGRES_URL_FILE, tests/studies/projectlocation.h).
#include <QFile>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

namespace tr::studies::testing {

class PrivateCluster {
public:
    // Starts it; false (with the script's message) when it cannot.
    bool start()
    {
        // As root the cluster belongs to the postgres user, who must get through this folder.
        QFile::setPermissions(m_work.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ExeGroup
                | QFile::ExeOther);
        m_dir = m_work.filePath(QStringLiteral("cluster"));
        QString url;
        if (!run({QStringLiteral("start"), m_dir}, &url))
            return false;
        QFile file(m_work.filePath(QStringLiteral("url")));
        if (!file.open(QIODevice::WriteOnly) || file.write(url.toUtf8()) <= 0)
            return false;
        file.close();
        qputenv("TR_TEST_POSTGRES_URL_FILE", file.fileName().toLocal8Bit());
        return true;
    }
    bool pause() { return run({QStringLiteral("pause"), m_dir}); }
    bool resume() { return run({QStringLiteral("resume"), m_dir}); }
    bool restart() { return run({QStringLiteral("restart"), m_dir}); }
    ~PrivateCluster()
    {
        if (!m_dir.isEmpty())
            run({QStringLiteral("stop"), m_dir});
    }

private:
    static bool run(const QStringList& args, QString* out = nullptr)
    {
        QProcess p;
        p.start(QStringLiteral(TR_SOURCE_DIR "/tests/postgres/cluster.sh"), args);
        if (!p.waitForFinished(120000) || p.exitCode() != 0) {
            qWarning("cluster.sh %s: %s", qPrintable(args.join(QLatin1Char(' '))), p.readAllStandardError().constData());
            return false;
        }
        if (out)
            *out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        return true;
    }

    QTemporaryDir m_work;
    QString m_dir;
};

} // namespace tr::studies::testing
