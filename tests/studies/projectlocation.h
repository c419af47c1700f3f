#pragma once
// Where a study-engine test keeps its project: a file in the test's temporary
// folder, or, when the suite runs a test against a project server (the
// *_postgres variants, tests/CMakeLists.txt: TR_TEST_POSTGRES_URL_FILE names
// the file with the throw-away cluster's URL), a database of its own there.
// The database name follows from the folder and the file name, so a test that
// asks twice gets the same project, and two tests never share one.
#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>

namespace tr::studies::testing {

inline QString projectServer()
{
    const QByteArray urlFile = qgetenv("TR_TEST_POSTGRES_URL_FILE");
    if (urlFile.isEmpty())
        return {};
    QFile file(QString::fromLocal8Bit(urlFile));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("TR_TEST_POSTGRES_URL_FILE=%s cannot be read: did the postgres_cluster fixture start?", urlFile.constData());
    return QString::fromUtf8(file.readAll()).trimmed();
}

inline bool onProjectServer() { return !projectServer().isEmpty(); }

inline QString projectLocation(const QTemporaryDir& dir, const QString& fileName)
{
    const QString server = projectServer();
    if (server.isEmpty())
        return dir.filePath(fileName);
    const QByteArray key = QCryptographicHash::hash((dir.path() + QLatin1Char('/') + fileName).toUtf8(),
        QCryptographicHash::Sha1).toHex().left(24);
    return server + QStringLiteral("/t_") + QString::fromLatin1(key);
}

} // namespace tr::studies::testing
