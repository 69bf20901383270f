// Runs once, when the MongoDB container initialises an empty data volume (docker-entrypoint-initdb.d):
// the hub's own account, allowed to read and write its database and nothing else.
const password = fs.readFileSync('/run/secrets/spring.mongodb.password', 'utf8').trim();
db.getSiblingDB('sila').createUser({ user: 'sila', pwd: password, roles: [{ role: 'readWrite', db: 'sila' }] });
