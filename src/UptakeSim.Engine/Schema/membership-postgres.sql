-- UptakeSim cluster membership in PostgreSQL, for Orleans' ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet).
-- A silo runs this script when the database lacks these tables; a database administrator may run it by hand instead
-- (psql -v ON_ERROR_STOP=1 -f membership-postgres.sql). Running it again is harmless: it refreshes the queries.
--
-- The provider reads its statements from the table OrleansQuery (QueryKey, QueryText) and runs them with named
-- parameters (@DeploymentId is the cluster id), reading the results by column name: those keys, parameters and
-- column names are Orleans' contract; the tables behind them are ours.

CREATE TABLE IF NOT EXISTS uptakesim_membership_version
(
    deployment_id text PRIMARY KEY,
    -- The table version: every change to the cluster's entries (other than a heartbeat) adds one, and a change is
    -- made only by a writer that read the version it names, so two silos never both win with stale views.
    version integer NOT NULL DEFAULT 0,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS uptakesim_membership
(
    -- Deleting a cluster's version row deletes its entries too.
    deployment_id text NOT NULL REFERENCES uptakesim_membership_version ON DELETE CASCADE,
    -- A silo is its address, port and generation (its start): a restarted silo is a new entry.
    address varchar(45) NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    silo_name text NOT NULL,
    host_name text NOT NULL,
    -- Orleans' SiloStatus: 3 active, 6 dead.
    status integer NOT NULL,
    proxy_port integer NOT NULL,
    -- Which silos suspect this one and when, as Orleans writes it ("address,time|...").
    suspect_times text,
    start_time timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Other Orleans providers (persistence, reminders) keep their queries in the same table, so it may exist already.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) PRIMARY KEY,
    QueryText text NOT NULL
);

-- Each query is one statement, so that it sees one snapshot and is atomic without an explicit transaction. Writes
-- that change entries first update the version row: its row lock orders them, and a writer that waited re-checks
-- the version it named after the other committed, so it fails instead of overwriting.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
    -- Returns whether this call created the cluster's version row (every silo tries when it starts).
    ('InsertMembershipVersionKey', $$
        WITH created AS (
            INSERT INTO uptakesim_membership_version (deployment_id) VALUES (@DeploymentId)
            ON CONFLICT (deployment_id) DO NOTHING
            RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM created) AS "Created"
    $$),

    -- The version with every entry; one row of nulls beside the version when there are no entries, and no row at all
    -- when the cluster has no version row.
    ('MembershipReadAllKey', $$
        SELECT v.version AS "Version",
               m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
               m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
               m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
        FROM uptakesim_membership_version v
        LEFT JOIN uptakesim_membership m ON m.deployment_id = v.deployment_id
        WHERE v.deployment_id = @DeploymentId
    $$),

    -- As above, for one silo.
    ('MembershipReadRowKey', $$
        SELECT v.version AS "Version",
               m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
               m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
               m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
        FROM uptakesim_membership_version v
        LEFT JOIN uptakesim_membership m ON m.deployment_id = v.deployment_id
            AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
        WHERE v.deployment_id = @DeploymentId
    $$),

    -- Adds a silo's entry if the version is still @Version and the silo has none; returns whether it did.
    ('InsertMembershipKey', $$
        WITH claimed AS (
            UPDATE uptakesim_membership_version
            SET version = version + 1, changed_at = now()
            WHERE deployment_id = @DeploymentId AND version = @Version
              AND NOT EXISTS (SELECT 1 FROM uptakesim_membership
                              WHERE deployment_id = @DeploymentId
                                AND address = @Address AND port = @Port AND generation = @Generation)
            RETURNING deployment_id),
        added AS (
            INSERT INTO uptakesim_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                              proxy_port, start_time, i_am_alive_time)
            SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
                   @ProxyPort, @StartTime, @IAmAliveTime
            FROM claimed
            RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM added) AS "Inserted"
    $$),

    -- Changes a silo's status and suspicions if the version is still @Version and the entry exists; returns whether
    -- it did.
    ('UpdateMembershipKey', $$
        WITH claimed AS (
            UPDATE uptakesim_membership_version
            SET version = version + 1, changed_at = now()
            WHERE deployment_id = @DeploymentId AND version = @Version
              AND EXISTS (SELECT 1 FROM uptakesim_membership
                          WHERE deployment_id = @DeploymentId
                            AND address = @Address AND port = @Port AND generation = @Generation)
            RETURNING deployment_id),
        changed AS (
            UPDATE uptakesim_membership m
            SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
            FROM claimed
            WHERE m.deployment_id = claimed.deployment_id
              AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
            RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM changed) AS "Updated"
    $$),

    -- A silo's heartbeat: not a change of membership, so the version stays.
    ('UpdateIAmAlivetimeKey', $$
        UPDATE uptakesim_membership
        SET i_am_alive_time = @IAmAliveTime
        WHERE deployment_id = @DeploymentId
          AND address = @Address AND port = @Port AND generation = @Generation
    $$),

    -- Where clients connect: the gateways of the silos whose status is @Status (active).
    ('GatewaysQueryKey', $$
        SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
        FROM uptakesim_membership
        WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
    $$),

    -- Forgets the whole cluster (its entries go with the version row).
    ('DeleteMembershipTableEntriesKey', $$
        DELETE FROM uptakesim_membership_version WHERE deployment_id = @DeploymentId
    $$),

    -- Removes the entries of silos dead (status 6) and silent since before @IAmAliveTime. Removing entries changes
    -- the membership, so the version moves too, taken first like every other change.
    ('CleanupDefunctSiloEntriesKey', $$
        WITH claimed AS (
            UPDATE uptakesim_membership_version
            SET version = version + 1, changed_at = now()
            WHERE deployment_id = @DeploymentId
              AND EXISTS (SELECT 1 FROM uptakesim_membership
                          WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime)
            RETURNING deployment_id)
        DELETE FROM uptakesim_membership m
        USING claimed
        WHERE m.deployment_id = claimed.deployment_id AND m.status = 6 AND m.i_am_alive_time < @IAmAliveTime
    $$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
