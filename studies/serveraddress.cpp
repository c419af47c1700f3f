#include "studies/serveraddress.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace tr::studies {

bool isServerLocation(const QString& location)
{
    return location.startsWith(QLatin1String("postgresql://")) || location.startsWith(QLatin1String("postgres://"));
}

core::Result<ServerAddress> ServerAddress::parse(const QString& text)
{
    const auto invalid = [&](const QString& message) {
        // Never echo a password: name the server part only.
        QUrl shown(text);
        shown.setPassword(QString());
        return core::Error{core::ErrorCode::InvalidArgument, shown.toString().toStdString(), message.toStdString(), {}};
    };
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || !isServerLocation(text))
        return invalid(QStringLiteral("This is not a PostgreSQL URL. Write postgresql://host[:port]/database, e.g. "
                                      "postgresql://studies.example.org/turing."));
    ServerAddress address;
    address.host = url.host();
    address.port = url.port(-1);
    address.user = url.userName();
    address.password = url.password();
    address.database = url.path().mid(1);
    // A database name is also an SQL identifier here (CREATE DATABASE): keep
    // it to the characters that need no quoting rules of their own.
    static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_-]{0,62}$"));
    if (address.database.isEmpty())
        return invalid(QStringLiteral("The URL names no database: add /NAME after the server, e.g. "
                                      "postgresql://studies.example.org/turing."));
    if (!name.match(address.database).hasMatch())
        return invalid(QStringLiteral("The database name \"%1\" is not usable: letters, digits, _ and -, starting "
                                      "with a letter, at most 63 characters.")
                           .arg(address.database));
    QStringList options;
    bool timeout = false;
    for (const auto& [key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        if (value.contains(QLatin1Char(';')))
            return invalid(QStringLiteral("The URL's option %1 contains a ';', which no libpq option needs.").arg(key));
        options << key + QLatin1Char('=') + value;
        timeout = timeout || key == QLatin1String("connect_timeout");
    }
    // A workstation waiting minutes on a dead network says nothing useful.
    if (!timeout)
        options << QStringLiteral("connect_timeout=10");
    address.options = options.join(QLatin1Char(';'));
    return address;
}

QString ServerAddress::display() const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(host);
    url.setPort(port);
    url.setUserName(user);
    url.setPath(QLatin1Char('/') + database);
    return url.toString();
}

ServerAddress ServerAddress::withDatabase(const QString& name) const
{
    ServerAddress other = *this;
    other.database = name;
    return other;
}

void ServerAddress::applyTo(QSqlDatabase& db) const
{
    if (!host.isEmpty())
        db.setHostName(host);
    if (port > 0)
        db.setPort(port);
    if (!user.isEmpty())
        db.setUserName(user);
    if (!password.isEmpty())
        db.setPassword(password);
    db.setDatabaseName(database);
    db.setConnectOptions(options);
}

} // namespace tr::studies
