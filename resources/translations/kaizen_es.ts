<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>charts.before_after</name>
    <message>
        <source>{metric}: before and after</source>
        <translation>{metric}: antes y después</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Después</translation>
    </message>
    <message>
        <source>no measurements yet</source>
        <translation>aún sin mediciones</translation>
    </message>
    <message>
        <source>mean {value}</source>
        <translation>media {value}</translation>
    </message>
    <message>
        <source>↓ lower is better</source>
        <translation>↓ menor es mejor</translation>
    </message>
    <message>
        <source>↑ higher is better</source>
        <translation>↑ mayor es mejor</translation>
    </message>
    <message>
        <source>{metric}: no clear change</source>
        <translation>{metric}: sin cambio claro</translation>
    </message>
    <message>
        <source>{metric}: no change</source>
        <translation>{metric}: sin cambio</translation>
    </message>
    <message>
        <source>{metric}: {percent}% better</source>
        <translation>{metric}: {percent}&#xa0;% mejor</translation>
    </message>
    <message>
        <source>{metric}: {percent}% worse</source>
        <translation>{metric}: {percent}&#xa0;% peor</translation>
    </message>
    <message>
        <source>Measure both before and after the change to compare them</source>
        <translation>Mide antes y después del cambio para compararlos</translation>
    </message>
    <message>
        <source>mean {before} → {after}</source>
        <translation>media {before} → {after}</translation>
    </message>
</context>
<context>
    <name>charts.capability</name>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Después</translation>
    </message>
    <message>
        <source>{phase} ({count} values)</source>
        <translation>{phase} ({count} valores)</translation>
    </message>
    <message>
        <source>Capability of {metric}</source>
        <translation>Capacidad de {metric}</translation>
    </message>
</context>
<context>
    <name>charts.case_durations</name>
    <message>
        <source>How long cases take</source>
        <translation>Cuánto duran los casos</translation>
    </message>
    <message>
        <source>median</source>
        <translation>mediana</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>media</translation>
    </message>
    <message>
        <source>Case duration (days)</source>
        <translation>Duración del caso (días)</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Casos</translation>
    </message>
    <message>
        <source>{count} cases · median {median} days · mean {mean} days</source>
        <translation>{count} casos · mediana {median} días · media {mean} días</translation>
    </message>
</context>
<context>
    <name>charts.control_chart</name>
    <message>
        <source>{metric}: control chart (XmR)</source>
        <translation>{metric}: gráfico de control (XmR)</translation>
    </message>
    <message>
        <source>A control chart needs at least 2 measurements</source>
        <translation>Un gráfico de control necesita al menos 2 mediciones</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Después</translation>
    </message>
    <message>
        <source>change</source>
        <translation>cambio</translation>
    </message>
    <message>
        <source>Moving range</source>
        <translation>Rango móvil</translation>
    </message>
    <message>
        <source>Measurement, in order</source>
        <translation>Medición, en orden</translation>
    </message>
    <message>
        <source>Limits computed separately before and after the change</source>
        <translation>Límites calculados por separado antes y después del cambio</translation>
    </message>
    <message>
        <source>Natural process limits from the moving ranges</source>
        <translation>Límites naturales del proceso a partir de los rangos móviles</translation>
    </message>
    <message>
        <source>{count} signal (circled)</source>
        <translation>{count} señal (en círculo)</translation>
    </message>
    <message>
        <source>{count} signals (circled)</source>
        <translation>{count} señales (en círculo)</translation>
    </message>
    <message>
        <source>{count} signals</source>
        <translation>{count} señales</translation>
    </message>
    <message>
        <source>limits</source>
        <translation>límites</translation>
    </message>
    <message>
        <source>signal</source>
        <translation>señal</translation>
    </message>
</context>
<context>
    <name>charts.kpi</name>
    <message>
        <source>{name} over time</source>
        <translation>{name} a lo largo del tiempo</translation>
    </message>
    <message>
        <source>A KPI chart needs at least 2 points</source>
        <translation>Un gráfico de KPI necesita al menos 2 puntos</translation>
    </message>
    <message>
        <source>before any change</source>
        <translation>antes de cualquier cambio</translation>
    </message>
    <message>
        <source>points</source>
        <translation>puntos</translation>
    </message>
    <message>
        <source>limits</source>
        <translation>límites</translation>
    </message>
    <message>
        <source>after a change</source>
        <translation>tras un cambio</translation>
    </message>
    <message>
        <source>signal</source>
        <translation>señal</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>{first} to {last} · XmR limits per phase · {changes} change · {signals} signal</source>
        <translation>{first} a {last} · límites XmR por fase · {changes} cambio · {signals} señal</translation>
    </message>
    <message>
        <source>{first} to {last} · XmR limits per phase · {changes} change · {signals} signals</source>
        <translation>{first} a {last} · límites XmR por fase · {changes} cambio · {signals} señales</translation>
    </message>
    <message>
        <source>{first} to {last} · XmR limits per phase · {changes} changes · {signals} signal</source>
        <translation>{first} a {last} · límites XmR por fase · {changes} cambios · {signals} señal</translation>
    </message>
    <message>
        <source>{first} to {last} · XmR limits per phase · {changes} changes · {signals} signals</source>
        <translation>{first} a {last} · límites XmR por fase · {changes} cambios · {signals} señales</translation>
    </message>
    <message>
        <source> ({count} worse)</source>
        <translation> ({count} peor)</translation>
    </message>
</context>
<context>
    <name>charts.metric_chart</name>
    <message>
        <source>MR</source>
        <translation>RM</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>Moving range</source>
        <translation>Rango móvil</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Rango</translation>
    </message>
    <message>
        <source>Std. deviation</source>
        <translation>Desv. típica</translation>
    </message>
    <message>
        <source>{metric}: control chart ({kind})</source>
        <translation>{metric}: gráfico de control ({kind})</translation>
    </message>
    <message>
        <source>Subgroup, in order</source>
        <translation>Subgrupo, en orden</translation>
    </message>
    <message>
        <source>Measurement, in order</source>
        <translation>Medición, en orden</translation>
    </message>
    <message>
        <source>change</source>
        <translation>cambio</translation>
    </message>
    <message>
        <source>subgroups of {size}</source>
        <translation>subgrupos de {size}</translation>
    </message>
    <message>
        <source>before limits carried forward</source>
        <translation>límites de antes mantenidos</translation>
    </message>
    <message>
        <source>limits per phase</source>
        <translation>límites por fase</translation>
    </message>
    <message>
        <source>{rule_set} rules</source>
        <translation>reglas de {rule_set}</translation>
    </message>
    <message>
        <source>{count} signal (circled)</source>
        <translation>{count} señal (en círculo)</translation>
    </message>
    <message>
        <source>{count} signals (circled)</source>
        <translation>{count} señales (en círculo)</translation>
    </message>
    <message>
        <source>{count} signals</source>
        <translation>{count} señales</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Después</translation>
    </message>
</context>
<context>
    <name>charts.pareto</name>
    <message>
        <source>Where waste costs most</source>
        <translation>Dónde cuesta más el despilfarro</translation>
    </message>
    <message>
        <source>Yearly cost</source>
        <translation>Coste anual</translation>
    </message>
    <message>
        <source>cumulative share</source>
        <translation>proporción acumulada</translation>
    </message>
    <message>
        <source>Cumulative share of cost</source>
        <translation>Proporción acumulada del coste</translation>
    </message>
    <message>
        <source>Cum. %</source>
        <translation>% acum.</translation>
    </message>
    <message>
        <source>Total {total} a year · the top category makes up {share}% of it</source>
        <translation>Total {total} al año · la principal supone el {share}&#xa0;%</translation>
    </message>
    <message>
        <source>Total {total} a year · the top {count} categories make up {share}% of it</source>
        <translation>Total {total} al año · las {count} principales suman el {share}&#xa0;%</translation>
    </message>
</context>
<context>
    <name>charts.savings</name>
    <message>
        <source>Savings so far</source>
        <translation>Ahorros hasta ahora</translation>
    </message>
    <message>
        <source>{kind}: one amount per month is needed.</source>
        <translation>{kind}: se necesita un importe por mes.</translation>
    </message>
    <message>
        <source>The forecast needs one amount per month.</source>
        <translation>La previsión necesita un importe por mes.</translation>
    </message>
    <message>
        <source>Actual, total</source>
        <translation>Real, total</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Previsión</translation>
    </message>
    <message>
        <source>Cumulative savings</source>
        <translation>Ahorros acumulados</translation>
    </message>
    <message>
        <source>Actual {actual} vs forecast {forecast}</source>
        <translation>Real {actual} vs. previsión {forecast}</translation>
    </message>
    <message>
        <source>Actual {actual}</source>
        <translation>Real {actual}</translation>
    </message>
    <message>
        <source>forecast {forecast}</source>
        <translation>previsión {forecast}</translation>
    </message>
</context>
<context>
    <name>charts.scenario</name>
    <message>
        <source>real</source>
        <translation>real</translation>
    </message>
    <message>
        <source>not shown</source>
        <translation>no demostrado</translation>
    </message>
    <message>
        <source>{figure}
{unit}, ↑&#xa0;better</source>
        <translation>{figure}
{unit}, ↑&#xa0;mejor</translation>
    </message>
    <message>
        <source>{figure}
{unit}, ↓&#xa0;better</source>
        <translation>{figure}
{unit}, ↓&#xa0;mejor</translation>
    </message>
</context>
<context>
    <name>charts.style</name>
    <message>
        <source>No data yet</source>
        <translation>Aún no hay datos</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>{text!r} is not a whole number</source>
        <translation>{text!r} no es un número entero</translation>
    </message>
    <message>
        <source>{value} is not between {low} and {high}</source>
        <translation>{value} no está entre {low} y {high}</translation>
    </message>
    <message>
        <source>Kaizen: continuous improvement on the shop floor.</source>
        <translation>Kaizen: mejora continua en planta.</translation>
    </message>
    <message>
        <source>SQLAlchemy database URL (default: the SQLite file in the data folder; env KAIZEN_DB_URL)</source>
        <translation>URL de base de datos de SQLAlchemy (por defecto: el archivo SQLite de la carpeta de datos; variable KAIZEN_DB_URL)</translation>
    </message>
    <message>
        <source>data folder (env KAIZEN_DATA_DIR)</source>
        <translation>carpeta de datos (variable KAIZEN_DATA_DIR)</translation>
    </message>
    <message>
        <source>open the app with demo data when the database is empty</source>
        <translation>abrir la aplicación con datos de demostración si la base de datos está vacía</translation>
    </message>
    <message>
        <source>open the shop-floor kiosk: quick capture only (new idea, log waste, my ideas), full screen</source>
        <translation>abrir el quiosco de planta: solo captura rápida (nueva idea, registrar despilfarro, mis ideas), a pantalla completa</translation>
    </message>
    <message>
        <source>make this PC open the kiosk whenever Kaizen starts (on), or the full app again (off); kept in this PC&apos;s local config</source>
        <translation>hacer que este PC abra el quiosco cada vez que se inicie Kaizen (on), o de nuevo la aplicación completa (off); se guarda en la configuración local de este PC</translation>
    </message>
    <message>
        <source>add Kaizen to the desktop&apos;s menu (a freedesktop .desktop entry and its icon under $XDG_DATA_HOME), then exit</source>
        <translation>añadir Kaizen al menú del escritorio (una entrada .desktop de freedesktop y su icono en $XDG_DATA_HOME) y salir</translation>
    </message>
    <message>
        <source>open the app (the default)</source>
        <translation>abrir la aplicación (por defecto)</translation>
    </message>
    <message>
        <source>fill the database with a believable demo plant</source>
        <translation>llenar la base de datos con una planta de demostración creíble</translation>
    </message>
    <message>
        <source>random seed (same seed, same data)</source>
        <translation>semilla aleatoria (misma semilla, mismos datos)</translation>
    </message>
    <message>
        <source>how many months of history up to today, 1 to 120 (default 18)</source>
        <translation>cuántos meses de historial hasta hoy, de 1 a 120 (por defecto 18)</translation>
    </message>
    <message>
        <source>also bulk-insert N extra ideas (with observations, cycles, measurements and savings in proportion) for benchmarks</source>
        <translation>insertar además N ideas extra en bloque (con observaciones, ciclos, mediciones y ahorros en proporción) para pruebas de rendimiento</translation>
    </message>
    <message>
        <source>database maintenance</source>
        <translation>mantenimiento de la base de datos</translation>
    </message>
    <message>
        <source>back up, then migrate the schema to the newest version</source>
        <translation>hacer copia de seguridad y migrar el esquema a la versión más reciente</translation>
    </message>
    <message>
        <source>report the schema version and the database&apos;s health</source>
        <translation>informar de la versión del esquema y del estado de la base de datos</translation>
    </message>
    <message>
        <source>copy a whole database (ids, audit trail, photos) into an empty one, e.g. a line&apos;s SQLite file into the site&apos;s PostgreSQL server</source>
        <translation>copiar una base de datos completa (ids, registro de auditoría, fotos) en una vacía, p. ej. el archivo SQLite de una línea al servidor PostgreSQL del centro</translation>
    </message>
    <message>
        <source>the database to copy (default: --db, else this PC&apos;s SQLite file)</source>
        <translation>la base de datos que se copia (por defecto: --db, si no, el archivo SQLite de este PC)</translation>
    </message>
    <message>
        <source>the empty database to fill (its schema is created if it has none)</source>
        <translation>la base de datos vacía que se llena (su esquema se crea si no tiene ninguno)</translation>
    </message>
    <message>
        <source>the source&apos;s photo folder (default: beside a SQLite file)</source>
        <translation>la carpeta de fotos del origen (por defecto: junto a un archivo SQLite)</translation>
    </message>
    <message>
        <source>where the target&apos;s photos go (default: beside a SQLite file; a server needs this folder, shared by every PC)</source>
        <translation>dónde van las fotos del destino (por defecto: junto a un archivo SQLite; un servidor necesita esta carpeta, compartida por todos los PC)</translation>
    </message>
    <message>
        <source>take a verified backup of the database now</source>
        <translation>hacer ahora una copia de seguridad verificada de la base de datos</translation>
    </message>
    <message>
        <source>write the monthly improvement report (PDF, XLSX or CSV) to a file</source>
        <translation>escribir el informe mensual de mejora (PDF, XLSX o CSV) en un archivo</translation>
    </message>
    <message>
        <source>the month to report on (default: last month)</source>
        <translation>el mes del informe (por defecto: el mes pasado)</translation>
    </message>
    <message>
        <source>one area and the areas below it, by name or by its place in the tree (&apos;Plant / Assembly&apos;); default: the whole site</source>
        <translation>un área y las áreas que tiene debajo, por nombre o por su lugar en el árbol (&apos;Plant / Assembly&apos;); por defecto: todo el centro</translation>
    </message>
    <message>
        <source>pdf, xlsx, or csv (a .zip of the savings ledger and the completed changes; a .csv file holds the ledger alone); default: from the file name, else pdf</source>
        <translation>pdf, xlsx o csv (un .zip con el libro de ahorros y los cambios completados; un archivo .csv contiene solo el libro); por defecto: según el nombre del archivo, si no, pdf</translation>
    </message>
    <message>
        <source>where to write it (default: kaizen-report-YYYY-MM.&lt;format&gt; here)</source>
        <translation>dónde escribirlo (por defecto: kaizen-report-YYYY-MM.&lt;format&gt; aquí)</translation>
    </message>
    <message>
        <source>the language to write it in (default: the site&apos;s, from Site settings)</source>
        <translation>el idioma en que se escribe (por defecto: el del centro, de los ajustes del centro)</translation>
    </message>
    <message>
        <source>put a backup back in place of the database (the current file is kept)</source>
        <translation>poner una copia de seguridad en lugar de la base de datos (el archivo actual se conserva)</translation>
    </message>
    <message>
        <source>list the backups with what each holds, and restore nothing</source>
        <translation>listar las copias de seguridad con lo que contiene cada una, sin restaurar nada</translation>
    </message>
    <message>
        <source>the backup file to restore (default: the newest good backup)</source>
        <translation>el archivo de copia que se restaura (por defecto: la copia buena más reciente)</translation>
    </message>
    <message>
        <source>restore without asking (for scripts)</source>
        <translation>restaurar sin preguntar (para scripts)</translation>
    </message>
    <message>
        <source>This PC now opens the kiosk when Kaizen starts.</source>
        <translation>Este PC abre ahora el quiosco al iniciar Kaizen.</translation>
    </message>
    <message>
        <source>This PC now opens the full app when Kaizen starts.</source>
        <translation>Este PC abre ahora la aplicación completa al iniciar Kaizen.</translation>
    </message>
    <message>
        <source>{why}. Nothing was written to it; point --db or --data-dir at Kaizen&apos;s own database.</source>
        <translation>{why}. No se ha escrito nada en él; apunta --db o --data-dir a la base de datos propia de Kaizen.</translation>
    </message>
    <message>
        <source>the daily backup was not taken: {error}</source>
        <translation>no se ha hecho la copia de seguridad diaria: {error}</translation>
    </message>
    <message>
        <source>Daily backup taken and verified: {file}</source>
        <translation>Copia de seguridad diaria hecha y verificada: {file}</translation>
    </message>
    <message>
        <source>The database is already at the newest schema ({revision}).</source>
        <translation>La base de datos ya tiene el esquema más reciente ({revision}).</translation>
    </message>
    <message>
        <source>Upgraded the schema from {before} to {after}.</source>
        <translation>Esquema actualizado de {before} a {after}.</translation>
    </message>
    <message>
        <source>Upgraded the schema from empty to {after}.</source>
        <translation>Esquema actualizado de vacío a {after}.</translation>
    </message>
    <message>
        <source>Backup taken first: {file}</source>
        <translation>Copia de seguridad hecha antes: {file}</translation>
    </message>
    <message>
        <source>Copying {table}: {done} of {total} rows</source>
        <translation>Copiando {table}: {done} de {total} filas</translation>
    </message>
    <message>
        <source>the copy failed and nothing was written to the target: {error}</source>
        <translation>la copia ha fallado y no se ha escrito nada en el destino: {error}</translation>
    </message>
    <message>
        <source>Copied {source} into {target} (schema revision {revision}, {seconds} s).</source>
        <translation>Copiado {source} en {target} (revisión del esquema {revision}, {seconds} s).</translation>
    </message>
    <message>
        <source>The target had no schema; it was created first.</source>
        <translation>El destino no tenía esquema; se ha creado primero.</translation>
    </message>
    <message>
        <source>Row counts, id sums and the sums shown are equal on both sides.</source>
        <translation>El número de filas, las sumas de ids y las sumas mostradas son iguales en ambos lados.</translation>
    </message>
    <message>
        <source>Photos: {copied} copied, {present} already there.</source>
        <translation>Fotos: {copied} copiadas, {present} ya estaban.</translation>
    </message>
    <message>
        <source>{count} photo files named in the source were missing from its folder.</source>
        <translation>Faltaban en su carpeta {count} archivos de foto nombrados en el origen.</translation>
    </message>
    <message>
        <source>Database: none yet at {path}</source>
        <translation>Base de datos: todavía ninguna en {path}</translation>
    </message>
    <message>
        <source>Nothing to check: no database exists there yet. Kaizen creates it when it first starts (or `kaizen db upgrade`).</source>
        <translation>Nada que comprobar: todavía no existe ninguna base de datos ahí. Kaizen la crea la primera vez que se inicia (o `kaizen db upgrade`).</translation>
    </message>
    <message>
        <source>Database: {url}</source>
        <translation>Base de datos: {url}</translation>
    </message>
    <message>
        <source>Health: ok</source>
        <translation>Estado: correcto</translation>
    </message>
    <message>
        <source>Health: PROBLEMS FOUND</source>
        <translation>Estado: SE HAN ENCONTRADO PROBLEMAS</translation>
    </message>
    <message>
        <source>Health: pages and integrity are the server&apos;s to check (no file checks here)</source>
        <translation>Estado: las páginas y la integridad las comprueba el servidor (aquí no hay comprobaciones de archivo)</translation>
    </message>
    <message>
        <source>Schema: cannot be read ({error})</source>
        <translation>Esquema: no se puede leer ({error})</translation>
    </message>
    <message>
        <source>Schema: {state}</source>
        <translation>Esquema: {state}</translation>
    </message>
    <message>
        <source>Audit trail: protected (the database refuses edits and deletions of it)</source>
        <translation>Registro de auditoría: protegido (la base de datos rechaza modificarlo o borrarlo)</translation>
    </message>
    <message>
        <source>Audit trail: NOT PROTECTED (its append-only triggers are missing; `kaizen db upgrade` cannot restore them, restore a backup)</source>
        <translation>Registro de auditoría: NO PROTEGIDO (faltan sus disparadores de solo añadir; `kaizen db upgrade` no puede restaurarlos, restaura una copia de seguridad)</translation>
    </message>
    <message>
        <source>Hash chain: {state}</source>
        <translation>Cadena de hashes: {state}</translation>
    </message>
    <message>
        <source>Schema: not checked (the file cannot be read)</source>
        <translation>Esquema: sin comprobar (no se puede leer el archivo)</translation>
    </message>
    <message>
        <source>Audit trail: not checked (the schema cannot be read)</source>
        <translation>Registro de auditoría: sin comprobar (no se puede leer el esquema)</translation>
    </message>
    <message>
        <source>Photos: not checked (the schema cannot be read)</source>
        <translation>Fotos: sin comprobar (no se puede leer el esquema)</translation>
    </message>
    <message>
        <source>Backups: taken with the server&apos;s own tools (pg_dump), not by Kaizen</source>
        <translation>Copias de seguridad: con las herramientas propias del servidor (pg_dump), no con Kaizen</translation>
    </message>
    <message>
        <source>What to do: the file is damaged. `kaizen restore --list` shows the backups; `kaizen restore` puts the newest good one back (this file is kept aside, never deleted).</source>
        <translation>Qué hacer: el archivo está dañado. `kaizen restore --list` muestra las copias de seguridad; `kaizen restore` pone de nuevo la copia buena más reciente (este archivo se aparta, nunca se borra).</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>Integrity: FAILED ({why})</source>
        <translation>Integridad: FALLIDA ({why})</translation>
    </message>
    <message>
        <source>Foreign keys: not checked (the file cannot be read)</source>
        <translation>Claves foráneas: sin comprobar (no se puede leer el archivo)</translation>
    </message>
    <message>
        <source>Integrity: ok (quick check and full integrity check passed)</source>
        <translation>Integridad: correcta (comprobación rápida y comprobación completa de integridad superadas)</translation>
    </message>
    <message>
        <source>Foreign keys: {count} broken references (rows pointing at rows that are gone)</source>
        <translation>Claves foráneas: {count} referencias rotas (filas que apuntan a filas que ya no existen)</translation>
    </message>
    <message>
        <source>Foreign keys: ok (every reference points at an existing row)</source>
        <translation>Claves foráneas: correctas (cada referencia apunta a una fila existente)</translation>
    </message>
    <message>
        <source>empty (no schema yet; `kaizen db upgrade` creates it)</source>
        <translation>vacío (todavía sin esquema; `kaizen db upgrade` lo crea)</translation>
    </message>
    <message>
        <source>up to date (revision {current})</source>
        <translation>al día (revisión {current})</translation>
    </message>
    <message>
        <source>older (revision {current}); `kaizen db upgrade` brings it to {head} (after a backup)</source>
        <translation>más antiguo (revisión {current}); `kaizen db upgrade` lo lleva a {head} (tras una copia de seguridad)</translation>
    </message>
    <message>
        <source>newer than this app (revision {current}, this app knows {head}); it opens read-only</source>
        <translation>más nuevo que esta aplicación (revisión {current}, esta aplicación conoce {head}); se abre en solo lectura</translation>
    </message>
    <message>
        <source>not a Kaizen database (tables but no version)</source>
        <translation>no es una base de datos de Kaizen (tablas pero sin versión)</translation>
    </message>
    <message>
        <source>Photos: cannot be read ({error})</source>
        <translation>Fotos: no se pueden leer ({error})</translation>
    </message>
    <message>
        <source>Photos: none stored</source>
        <translation>Fotos: ninguna guardada</translation>
    </message>
    <message>
        <source>Photos: {count} files, none missing ({folder})</source>
        <translation>Fotos: {count} archivos, no falta ninguno ({folder})</translation>
    </message>
    <message>
        <source>Photos: {missing} of {count} files MISSING from {folder} (their ideas and observations show them as missing)</source>
        <translation>Fotos: FALTAN {missing} de {count} archivos en {folder} (sus ideas y observaciones las muestran como ausentes)</translation>
    </message>
    <message>
        <source>Backups: none yet (`kaizen backup` takes one)</source>
        <translation>Copias de seguridad: todavía ninguna (`kaizen backup` hace una)</translation>
    </message>
    <message>
        <source>Backups: {count}, newest {name} (taken {taken}, {age})</source>
        <translation>Copias de seguridad: {count}, la más reciente {name} (hecha {taken}, {age})</translation>
    </message>
    <message>
        <source>The newest backup is over a day old; `kaizen backup` takes one now.</source>
        <translation>La copia de seguridad más reciente tiene más de un día; `kaizen backup` hace una ahora.</translation>
    </message>
    <message>
        <source>there is no database at {path} yet: nothing to back up.</source>
        <translation>todavía no hay ninguna base de datos en {path}: no hay nada que copiar.</translation>
    </message>
    <message>
        <source>Backup written and verified: {file}</source>
        <translation>Copia de seguridad escrita y verificada: {file}</translation>
    </message>
    <message>
        <source>restore works on the local SQLite database only; restore another kind of database with its own tools.</source>
        <translation>restore solo funciona con la base de datos SQLite local; restaura otros tipos de base de datos con sus propias herramientas.</translation>
    </message>
    <message>
        <source>No backups in {folder} yet (`kaizen backup` takes one).</source>
        <translation>Todavía no hay copias de seguridad en {folder} (`kaizen backup` hace una).</translation>
    </message>
    <message>
        <source>Backups in {folder}, newest first:</source>
        <translation>Copias de seguridad en {folder}, la más reciente primero:</translation>
    </message>
    <message>
        <source>{name}: taken {taken}, revision {revision}, {people} people, {ideas} ideas, {observations} observations, {cycles} PDCA cycles, newest idea {newest}</source>
        <translation>{name}: hecha {taken}, revisión {revision}, {people} personas, {ideas} ideas, {observations} observaciones, {cycles} ciclos PDCA, idea más reciente {newest}</translation>
    </message>
    <message>
        <source>{name}: taken {taken}, revision {revision}, {people} people, {ideas} ideas, {observations} observations, {cycles} PDCA cycles</source>
        <translation>{name}: hecha {taken}, revisión {revision}, {people} personas, {ideas} ideas, {observations} observaciones, {cycles} ciclos PDCA</translation>
    </message>
    <message>
        <source>{name}: UNUSABLE ({problem})</source>
        <translation>{name}: INSERVIBLE ({problem})</translation>
    </message>
    <message>
        <source>no good backup in {folder}.</source>
        <translation>no hay ninguna copia de seguridad buena en {folder}.</translation>
    </message>
    <message>
        <source>The backup to restore:</source>
        <translation>La copia de seguridad que se restaura:</translation>
    </message>
    <message>
        <source>this file cannot be restored.</source>
        <translation>este archivo no se puede restaurar.</translation>
    </message>
    <message>
        <source>It replaces the current database ({ideas} ideas, {people} people).</source>
        <translation>Sustituye a la base de datos actual ({ideas} ideas, {people} personas).</translation>
    </message>
    <message>
        <source>It replaces the current database (which is unreadable: {problem}).</source>
        <translation>Sustituye a la base de datos actual (que no se puede leer: {problem}).</translation>
    </message>
    <message>
        <source>The current file is kept beside it, renamed; nothing is deleted.</source>
        <translation>El archivo actual se conserva al lado, con otro nombre; no se borra nada.</translation>
    </message>
    <message>
        <source>add --yes to restore without being asked.</source>
        <translation>añade --yes para restaurar sin que se te pregunte.</translation>
    </message>
    <message>
        <source>Restore this backup now? [y/N] </source>
        <translation>¿Restaurar ahora esta copia de seguridad? [y/N] </translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>No se ha cambiado nada.</translation>
    </message>
    <message>
        <source>Restored the backup from {taken} and verified it.</source>
        <translation>Se ha restaurado la copia de seguridad del {taken} y se ha verificado.</translation>
    </message>
    <message>
        <source>The previous database was kept as {file}</source>
        <translation>La base de datos anterior se ha conservado como {file}</translation>
    </message>
    <message>
        <source>Building demo data: {percent}%</source>
        <translation>Creando datos de demostración: {percent}%</translation>
    </message>
    <message>
        <source>there is no database at {path} yet: nothing to report (none was created).</source>
        <translation>todavía no hay ninguna base de datos en {path}: no hay nada de qué informar (no se ha creado ninguna).</translation>
    </message>
    <message>
        <source>the database file is damaged ({problem}): no report was written. {hint}</source>
        <translation>el archivo de la base de datos está dañado ({problem}): no se ha escrito ningún informe. {hint}</translation>
    </message>
    <message>
        <source>the folder {folder} does not exist.</source>
        <translation>la carpeta {folder} no existe.</translation>
    </message>
    <message>
        <source>cannot write the report to {file} ({why}); nothing was written.</source>
        <translation>no se puede escribir el informe en {file} ({why}); no se ha escrito nada.</translation>
    </message>
    <message>
        <source>Report for {month} ({area}) written to {file}</source>
        <translation>Informe de {month} ({area}) escrito en {file}</translation>
    </message>
    <message>
        <source>More than one area is called {name!r} ({paths}); give its place in the tree, e.g. &apos;Plant / Assembly&apos;.</source>
        <translation>Hay más de un área llamada {name!r} ({paths}); indica su lugar en el árbol, p. ej. &apos;Plant / Assembly&apos;.</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>todavía ninguna</translation>
    </message>
    <message>
        <source>No area is called {name!r}. Areas: {known}.</source>
        <translation>Ningún área se llama {name!r}. Áreas: {known}.</translation>
    </message>
</context>
<context>
    <name>cli_a3</name>
    <message>
        <source>write the A3 report of a PDCA cycle (one printable PDF page): background, current condition, 5 whys, countermeasures, plan, results, follow-up</source>
        <translation>escribir el informe A3 de un ciclo PDCA (una página PDF imprimible): antecedentes, situación actual, 5 porqués, contramedidas, plan, resultados, seguimiento</translation>
    </message>
    <message>
        <source>the PDCA cycle&apos;s number (the card&apos;s id)</source>
        <translation>el número del ciclo PDCA (el id de la tarjeta)</translation>
    </message>
    <message>
        <source>the PDF to write</source>
        <translation>el PDF que se escribe</translation>
    </message>
    <message>
        <source>no A3 to write</source>
        <translation>no hay ningún A3 que escribir</translation>
    </message>
    <message>
        <source>A3 report of cycle {cycle} written to {file}</source>
        <translation>Informe A3 del ciclo {cycle} escrito en {file}</translation>
    </message>
</context>
<context>
    <name>cli_errors</name>
    <message>
        <source>`kaizen db check` shows what is wrong; `kaizen restore --list` shows the backups and `kaizen restore` puts the newest good one back (the damaged file is kept aside, never deleted).</source>
        <translation>`kaizen db check` muestra qué falla; `kaizen restore --list` muestra las copias de seguridad y `kaizen restore` pone de nuevo la copia buena más reciente (el archivo dañado se aparta, nunca se borra).</translation>
    </message>
    <message>
        <source>this database was written by a newer Kaizen (schema revision {current}; this version knows up to {head}). Update Kaizen to use it; nothing was changed.</source>
        <translation>esta base de datos la escribió un Kaizen más nuevo (revisión del esquema {current}; esta versión conoce hasta {head}). Actualiza Kaizen para usarla; no se ha cambiado nada.</translation>
    </message>
    <message>
        <source>the database is empty (no Kaizen schema yet): there is nothing to report.</source>
        <translation>la base de datos está vacía (todavía sin esquema de Kaizen): no hay nada de qué informar.</translation>
    </message>
    <message>
        <source>this is not a Kaizen database (it has tables but no Kaizen schema version).</source>
        <translation>esta no es una base de datos de Kaizen (tiene tablas pero ninguna versión de esquema de Kaizen).</translation>
    </message>
    <message>
        <source>the database schema is older than this version reads (revision {current}, this version needs {head}); run `kaizen db upgrade` first (it takes a backup before it changes anything).</source>
        <translation>el esquema de la base de datos es más antiguo del que lee esta versión (revisión {current}, esta versión necesita {head}); ejecuta primero `kaizen db upgrade` (hace una copia de seguridad antes de cambiar nada).</translation>
    </message>
    <message>
        <source>there is no database at {path} yet: {nothing}.</source>
        <translation>todavía no hay ninguna base de datos en {path}: {nothing}.</translation>
    </message>
    <message>
        <source>--out: the folder {folder} does not exist.</source>
        <translation>--out: la carpeta {folder} no existe.</translation>
    </message>
    <message>
        <source>cannot write {file} ({why}); nothing was written.</source>
        <translation>no se puede escribir {file} ({why}); no se ha escrito nada.</translation>
    </message>
    <message>
        <source>the database file is damaged or is not a database ({problem}). {hint}</source>
        <translation>el archivo de la base de datos está dañado o no es una base de datos ({problem}). {hint}</translation>
    </message>
    <message>
        <source>cannot reach the database server ({problem}).</source>
        <translation>no se puede acceder al servidor de la base de datos ({problem}).</translation>
    </message>
    <message>
        <source>the database refused the command ({problem}).</source>
        <translation>la base de datos ha rechazado la orden ({problem}).</translation>
    </message>
    <message>
        <source>Kaizen stopped on an unexpected problem ({kind}: {problem}). Run again with KAIZEN_DEBUG=1 to see where, and report it.</source>
        <translation>Kaizen se ha detenido por un problema inesperado ({kind}: {problem}). Vuelve a ejecutarlo con KAIZEN_DEBUG=1 para ver dónde, e infórmalo.</translation>
    </message>
</context>
<context>
    <name>cli_export</name>
    <message>
        <source>write the ideas or the waste-walk observations, filtered and sorted as in the app&apos;s lists, to a CSV file or an Excel workbook</source>
        <translation>escribir las ideas o las observaciones de la ronda de despilfarro, filtradas y ordenadas como en las listas de la aplicación, en un archivo CSV o un libro de Excel</translation>
    </message>
    <message>
        <source>ideas, or observations (the waste walk)</source>
        <translation>ideas u observations (la ronda de despilfarro)</translation>
    </message>
    <message>
        <source>csv or xlsx (default: from the file name, else csv)</source>
        <translation>csv o xlsx (por defecto: según el nombre del archivo, si no, csv)</translation>
    </message>
    <message>
        <source>the file to write</source>
        <translation>el archivo que se escribe</translation>
    </message>
    <message>
        <source>only rows holding every word (the list&apos;s search box)</source>
        <translation>solo las filas que contienen todas las palabras (el cuadro de búsqueda de la lista)</translation>
    </message>
    <message>
        <source>one area and the areas below it, by name or &apos;Plant / Assembly&apos;</source>
        <translation>un área y las áreas que tiene debajo, por nombre o &apos;Plant / Assembly&apos;</translation>
    </message>
    <message>
        <source>ideas with this status (repeat for several)</source>
        <translation>ideas con este estado (repítelo para varios)</translation>
    </message>
    <message>
        <source>observations of this waste (repeat for several)</source>
        <translation>observaciones de este despilfarro (repítelo para varios)</translation>
    </message>
    <message>
        <source>ideas submitted or owned by, or observations seen by, this person</source>
        <translation>ideas enviadas por esta persona o de las que es responsable, u observaciones que ha hecho</translation>
    </message>
    <message>
        <source>created (ideas) or seen (observations) on or after this day</source>
        <translation>creadas (ideas) u observadas (observaciones) en este día o después</translation>
    </message>
    <message>
        <source>created or seen on or before this day</source>
        <translation>creadas u observadas en este día o antes</translation>
    </message>
    <message>
        <source>the column to sort by (default: created_at for ideas, observed_at for observations)</source>
        <translation>la columna por la que se ordena (por defecto: created_at para ideas, observed_at para observaciones)</translation>
    </message>
    <message>
        <source>sort smallest first (default: largest, newest first)</source>
        <translation>ordenar de menor a mayor (por defecto: de mayor a menor, lo más reciente primero)</translation>
    </message>
    <message>
        <source>nothing to export</source>
        <translation>nada que exportar</translation>
    </message>
    <message>
        <source>Exported {count} idea to {file}</source>
        <translation>{count} idea exportada a {file}</translation>
    </message>
    <message>
        <source>Exported {count} ideas to {file}</source>
        <translation>{count} ideas exportadas a {file}</translation>
    </message>
    <message>
        <source>Exported {count} observation to {file}</source>
        <translation>{count} observación exportada a {file}</translation>
    </message>
    <message>
        <source>Exported {count} observations to {file}</source>
        <translation>{count} observaciones exportadas a {file}</translation>
    </message>
    <message>
        <source>--category filters observations; ideas take --status.</source>
        <translation>--category filtra observaciones; las ideas usan --status.</translation>
    </message>
    <message>
        <source>--status filters ideas; observations take --category.</source>
        <translation>--status filtra ideas; las observaciones usan --category.</translation>
    </message>
    <message>
        <source>{option}: {value!r} is not a day as YYYY-MM-DD.</source>
        <translation>{option}: {value!r} no es un día con el formato YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>--sort: the ideas cannot be sorted by {sort!r}; pick one of {columns}.</source>
        <translation>--sort: las ideas no se pueden ordenar por {sort!r}; elige una de {columns}.</translation>
    </message>
    <message>
        <source>--sort: the observations cannot be sorted by {sort!r}; pick one of {columns}.</source>
        <translation>--sort: las observaciones no se pueden ordenar por {sort!r}; elige una de {columns}.</translation>
    </message>
    <message>
        <source>--person: more than one person is called {name!r}.</source>
        <translation>--person: hay más de una persona llamada {name!r}.</translation>
    </message>
    <message>
        <source>--person: nobody is called {name!r}.</source>
        <translation>--person: nadie se llama {name!r}.</translation>
    </message>
</context>
<context>
    <name>cli_import</name>
    <message>
        <source>ideas: title, problem, proposal, area, submitter [, wastes, expected_savings, implementation_cost, impact, effort]; observations: category, area, observer, description, minutes_per_occurrence, occurrences_per_week [, cost_per_occurrence, observed_at]; measurements: idea, metric, phase, value, recorded_by [, measured_at]. A header line names the columns; &apos;;&apos; or &apos;,&apos; between fields, decimal commas allowed.</source>
        <translation>ideas: title, problem, proposal, area, submitter [, wastes, expected_savings, implementation_cost, impact, effort]; observations: category, area, observer, description, minutes_per_occurrence, occurrences_per_week [, cost_per_occurrence, observed_at]; measurements: idea, metric, phase, value, recorded_by [, measured_at]. Una línea de cabecera nombra las columnas; &apos;;&apos; o &apos;,&apos; entre campos, se admiten comas decimales.</translation>
    </message>
    <message>
        <source>import ideas, observations or measurements from a CSV file, all or nothing</source>
        <translation>importar ideas, observaciones o mediciones desde un archivo CSV, todo o nada</translation>
    </message>
    <message>
        <source>what the file holds</source>
        <translation>lo que contiene el archivo</translation>
    </message>
    <message>
        <source>the CSV file</source>
        <translation>el archivo CSV</translation>
    </message>
    <message>
        <source>{file}: no such file.</source>
        <translation>{file}: no existe ese archivo.</translation>
    </message>
    <message>
        <source>nothing was imported (start Kaizen once, or `kaizen db upgrade`, to create it)</source>
        <translation>no se ha importado nada (inicia Kaizen una vez, o `kaizen db upgrade`, para crearla)</translation>
    </message>
    <message>
        <source>{file}: {problem} Nothing was imported.</source>
        <translation>{file}: {problem} No se ha importado nada.</translation>
    </message>
    <message>
        <source>Imported {count} measurement from {file} into {metrics} metric.</source>
        <translation>Importada {count} medición de {file} en {metrics} métrica.</translation>
    </message>
    <message>
        <source>Imported {count} measurement from {file} into {metrics} metrics.</source>
        <translation>Importada {count} medición de {file} en {metrics} métricas.</translation>
    </message>
    <message>
        <source>Imported {count} measurements from {file} into {metrics} metric.</source>
        <translation>Importadas {count} mediciones de {file} en {metrics} métrica.</translation>
    </message>
    <message>
        <source>Imported {count} measurements from {file} into {metrics} metrics.</source>
        <translation>Importadas {count} mediciones de {file} en {metrics} métricas.</translation>
    </message>
    <message>
        <source>Imported {count} ideas from {file} (#{first} to #{last}).</source>
        <translation>Importadas {count} ideas de {file} (#{first} a #{last}).</translation>
    </message>
    <message>
        <source>Imported {count} observations from {file} (#{first} to #{last}).</source>
        <translation>Importadas {count} observaciones de {file} (#{first} a #{last}).</translation>
    </message>
    <message>
        <source>Imported {count} idea from {file} (#{first}).</source>
        <translation>Importada {count} idea de {file} (#{first}).</translation>
    </message>
    <message>
        <source>Imported {count} observation from {file} (#{first}).</source>
        <translation>Importada {count} observación de {file} (#{first}).</translation>
    </message>
</context>
<context>
    <name>cli_log</name>
    <message>
        <source>event logs for process mining: import, list, delete, show</source>
        <translation>registros de eventos para minería de procesos: importar, listar, eliminar, mostrar</translation>
    </message>
    <message>
        <source>import a CSV or XES (.xes, .xes.gz) event log into the database</source>
        <translation>importar un registro de eventos CSV o XES (.xes, .xes.gz) en la base de datos</translation>
    </message>
    <message>
        <source>the log&apos;s name (default: the file name without its extension)</source>
        <translation>el nombre del registro (por defecto: el nombre del archivo sin extensión)</translation>
    </message>
    <message>
        <source>list the imported event logs</source>
        <translation>listar los registros de eventos importados</translation>
    </message>
    <message>
        <source>delete an imported event log</source>
        <translation>eliminar un registro de eventos importado</translation>
    </message>
    <message>
        <source>a log&apos;s figures: cases, variants, the directly-follows graph</source>
        <translation>las cifras de un registro: casos, variantes, el grafo de sucesión directa</translation>
    </message>
    <message>
        <source>print the figures as JSON</source>
        <translation>imprimir las cifras como JSON</translation>
    </message>
    <message>
        <source>all events (the default), or only the &apos;complete&apos; ones</source>
        <translation>todos los eventos (por defecto) o solo los &apos;complete&apos;</translation>
    </message>
    <message>
        <source>add a log&apos;s lead time, throughput, rework rate or case count per week or month to a process&apos;s KPI</source>
        <translation>añadir el tiempo de entrega, el rendimiento, la tasa de retrabajo o el número de casos de un registro por semana o por mes a un KPI de un proceso</translation>
    </message>
    <message>
        <source>the process whose KPI series gets the points</source>
        <translation>el proceso cuya serie de KPI recibe los puntos</translation>
    </message>
    <message>
        <source>what to measure (default: lead_time)</source>
        <translation>qué se mide (por defecto: lead_time)</translation>
    </message>
    <message>
        <source>one point per week or per month (default: month)</source>
        <translation>un punto por semana o por mes (por defecto: month)</translation>
    </message>
    <message>
        <source>the KPI series&apos; name (default: the measure&apos;s; created if missing)</source>
        <translation>el nombre de la serie de KPI (por defecto: el de la medida; se crea si no existe)</translation>
    </message>
    <message>
        <source>the CSV column holding the case (default: guessed)</source>
        <translation>la columna CSV con el caso (por defecto: se deduce)</translation>
    </message>
    <message>
        <source>the CSV column holding the activity (default: guessed)</source>
        <translation>la columna CSV con la actividad (por defecto: se deduce)</translation>
    </message>
    <message>
        <source>the CSV column holding the timestamp (default: guessed)</source>
        <translation>la columna CSV con la marca de tiempo (por defecto: se deduce)</translation>
    </message>
    <message>
        <source>the CSV column holding the resource (default: guessed)</source>
        <translation>la columna CSV con el recurso (por defecto: se deduce)</translation>
    </message>
    <message>
        <source>the CSV column holding the lifecycle (default: guessed)</source>
        <translation>la columna CSV con el ciclo de vida (por defecto: se deduce)</translation>
    </message>
    <message>
        <source>Deleted the event log &apos;{name}&apos;.</source>
        <translation>Registro de eventos &apos;{name}&apos; eliminado.</translation>
    </message>
    <message>
        <source>Cancelled: nothing was changed.</source>
        <translation>Cancelado: no se ha cambiado nada.</translation>
    </message>
    <message>
        <source>the database refused it, nothing was changed: {error}</source>
        <translation>la base de datos lo ha rechazado, no se ha cambiado nada: {error}</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Leyendo</translation>
    </message>
    <message>
        <source>Storing</source>
        <translation>Guardando</translation>
    </message>
    <message>
        <source>Imported &apos;{name}&apos;: {cases} cases, {events} events, {activities} activities, {resources} resources ({first} to {last}).</source>
        <translation>Importado &apos;{name}&apos;: {cases} casos, {events} eventos, {activities} actividades, {resources} recursos ({first} a {last}).</translation>
    </message>
    <message>
        <source>Added {points} {kind} points ({unit}) to the KPI &apos;{series}&apos; (a new series) of &apos;{process}&apos; from the log &apos;{log}&apos;.</source>
        <translation>Añadidos {points} puntos {kind} ({unit}) al KPI &apos;{series}&apos; (una serie nueva) de &apos;{process}&apos; desde el registro &apos;{log}&apos;.</translation>
    </message>
    <message>
        <source>Added {points} {kind} points ({unit}) to the KPI &apos;{series}&apos; of &apos;{process}&apos; from the log &apos;{log}&apos;, replacing {replaced} from before.</source>
        <translation>Añadidos {points} puntos {kind} ({unit}) al KPI &apos;{series}&apos; de &apos;{process}&apos; desde el registro &apos;{log}&apos;, sustituyendo {replaced} anteriores.</translation>
    </message>
    <message>
        <source>Added {points} {kind} points ({unit}) to the KPI &apos;{series}&apos; of &apos;{process}&apos; from the log &apos;{log}&apos;.</source>
        <translation>Añadidos {points} puntos {kind} ({unit}) al KPI &apos;{series}&apos; de &apos;{process}&apos; desde el registro &apos;{log}&apos;.</translation>
    </message>
    <message>
        <source>weekly</source>
        <translation>semanales</translation>
    </message>
    <message>
        <source>monthly</source>
        <translation>mensuales</translation>
    </message>
    <message>
        <source>No event logs yet: `kaizen log import FILE` adds one.</source>
        <translation>Todavía no hay registros de eventos: `kaizen log import FILE` añade uno.</translation>
    </message>
    <message>
        <source>{name}  {cases} cases  {events} events  {activities} activities  imported {at} by {by}</source>
        <translation>{name}  {cases} casos  {events} eventos  {activities} actividades  importado {at} por {by}</translation>
    </message>
    <message>
        <source>the command line</source>
        <translation>la línea de órdenes</translation>
    </message>
    <message>
        <source>{name}: {cases} cases, {events} events, {activities} activities, {variants} variants</source>
        <translation>{name}: {cases} casos, {events} eventos, {activities} actividades, {variants} variantes</translation>
    </message>
    <message>
        <source>Case duration: median {median}, mean {mean}</source>
        <translation>Duración del caso: mediana {median}, media {mean}</translation>
    </message>
    <message>
        <source>Most frequent paths:</source>
        <translation>Recorridos más frecuentes:</translation>
    </message>
    <message>
        <source>  {source} -&gt; {target}: {count} times, median {median}</source>
        <translation>  {source} -&gt; {target}: {count} veces, mediana {median}</translation>
    </message>
    <message>
        <source>{value} days</source>
        <translation>{value} días</translation>
    </message>
    <message>
        <source>{value} h</source>
        <translation>{value} h</translation>
    </message>
    <message>
        <source>{value} min</source>
        <translation>{value} min</translation>
    </message>
</context>
<context>
    <name>cli_process</name>
    <message>
        <source>process maps: value-stream figures, import, export</source>
        <translation>mapas de proceso: cifras del flujo de valor, importar, exportar</translation>
    </message>
    <message>
        <source>print the value-stream figures of a map file</source>
        <translation>imprimir las cifras del flujo de valor de un archivo de mapa</translation>
    </message>
    <message>
        <source>print the figures as JSON</source>
        <translation>imprimir las cifras como JSON</translation>
    </message>
    <message>
        <source>store a map file as its process&apos;s current state</source>
        <translation>guardar un archivo de mapa como situación actual de su proceso</translation>
    </message>
    <message>
        <source>the area a new process belongs to (default: the site)</source>
        <translation>el área a la que pertenece un proceso nuevo (por defecto: el centro)</translation>
    </message>
    <message>
        <source>who is importing, for the audit trail (default: the first admin)</source>
        <translation>quién importa, para el registro de auditoría (por defecto: el primer administrador)</translation>
    </message>
    <message>
        <source>write a process&apos;s current-state map to a file</source>
        <translation>escribir el mapa de situación actual de un proceso en un archivo</translation>
    </message>
    <message>
        <source>the file to write (default: print it)</source>
        <translation>el archivo que se escribe (por defecto: imprimirlo)</translation>
    </message>
    <message>
        <source>{file} is larger than {size} MB; it is not a map.</source>
        <translation>{file} ocupa más de {size} MB; no es un mapa.</translation>
    </message>
    <message>
        <source>{file} could not be read: {why}.</source>
        <translation>No se ha podido leer {file}: {why}.</translation>
    </message>
    <message>
        <source>{file} is not UTF-8 text.</source>
        <translation>{file} no es texto UTF-8.</translation>
    </message>
    <message>
        <source>{file}: {problem} (at {field})</source>
        <translation>{file}: {problem} (en {field})</translation>
    </message>
    <message>
        <source>{name}  (times in {unit}s)</source>
        <translation>{name}  (tiempos en {unit}s)</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>Tiempo de entrega</translation>
    </message>
    <message>
        <source>Process time</source>
        <translation>Tiempo de proceso</translation>
    </message>
    <message>
        <source>Value-added time</source>
        <translation>Tiempo de valor añadido</translation>
    </message>
    <message>
        <source>Value-added ratio</source>
        <translation>Proporción de valor añadido</translation>
    </message>
    <message>
        <source>Rolled % complete and accurate</source>
        <translation>% acumulado completo y correcto</translation>
    </message>
    <message>
        <source>Takt</source>
        <translation>Takt</translation>
    </message>
    <message>
        <source>no demand in the map</source>
        <translation>sin demanda en el mapa</translation>
    </message>
    <message>
        <source>Bottleneck</source>
        <translation>Cuello de botella</translation>
    </message>
    <message>
        <source>{step} ({load} per unit)</source>
        <translation>{step} ({load} por unidad)</translation>
    </message>
    <message>
        <source>no limit (every step takes no time)</source>
        <translation>sin límite (ningún paso lleva tiempo)</translation>
    </message>
    <message>
        <source>{capacity} units against a demand of {demand} ({ratio}; meets demand)</source>
        <translation>{capacity} unidades frente a una demanda de {demand} ({ratio}; cubre la demanda)</translation>
    </message>
    <message>
        <source>{capacity} units against a demand of {demand} ({ratio}; does NOT meet demand)</source>
        <translation>{capacity} unidades frente a una demanda de {demand} ({ratio}; NO cubre la demanda)</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Capacidad</translation>
    </message>
    <message>
        <source>Main path: {path}</source>
        <translation>Recorrido principal: {path}</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Paso</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visitas</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Espera</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Proceso</translation>
    </message>
    <message>
        <source>Load/unit</source>
        <translation>Carga/unidad</translation>
    </message>
    <message>
        <source>(* the bottleneck; visits along the main path with its rework)</source>
        <translation>(* el cuello de botella; visitas a lo largo del recorrido principal con su retrabajo)</translation>
    </message>
    <message>
        <source>The database has no areas yet; open the app once first.</source>
        <translation>La base de datos todavía no tiene áreas; abre antes la aplicación una vez.</translation>
    </message>
    <message>
        <source>Imported {process!r} as a new process in {area} (map #{map}, version {version}, {steps} steps), as {person}.</source>
        <translation>Importado {process!r} como proceso nuevo en {area} (mapa #{map}, versión {version}, {steps} pasos), como {person}.</translation>
    </message>
    <message>
        <source>Updated the current state of {process!r} (map #{map}, now version {version}, {steps} steps), as {person}.</source>
        <translation>Actualizada la situación actual de {process!r} (mapa #{map}, ahora versión {version}, {steps} pasos), como {person}.</translation>
    </message>
    <message>
        <source>No active person is called {name!r}.</source>
        <translation>Ninguna persona activa se llama {name!r}.</translation>
    </message>
    <message>
        <source>No active admin to import as; name someone with --as NAME.</source>
        <translation>No hay ningún administrador activo con el que importar; indica a alguien con --as NAME.</translation>
    </message>
    <message>
        <source>the folder {folder} does not exist.</source>
        <translation>la carpeta {folder} no existe.</translation>
    </message>
    <message>
        <source>Map of {name!r} written to {file}</source>
        <translation>Mapa de {name!r} escrito en {file}</translation>
    </message>
</context>
<context>
    <name>cli_simulate</name>
    <message>
        <source>run a process model (JSON) as a what-if simulation and print its throughput, lead time, WIP and each step&apos;s wait and utilisation</source>
        <translation>ejecutar un modelo de proceso (JSON) como simulación hipotética e imprimir su rendimiento, tiempo de entrega, trabajo en curso y la espera y utilización de cada paso</translation>
    </message>
    <message>
        <source>the process model document</source>
        <translation>el documento del modelo de proceso</translation>
    </message>
    <message>
        <source>independent runs, spread over the cores (default 10)</source>
        <translation>ejecuciones independientes, repartidas entre los núcleos (por defecto 10)</translation>
    </message>
    <message>
        <source>time discarded at the start of each run, in the model&apos;s time unit (default: a tenth of the horizon)</source>
        <translation>tiempo descartado al inicio de cada ejecución, en la unidad de tiempo del modelo (por defecto: una décima parte del horizonte)</translation>
    </message>
    <message>
        <source>length of each run, in the model&apos;s time unit (default: long enough for 10,000 arrivals, in whole days when there are shifts or a schedule)</source>
        <translation>duración de cada ejecución, en la unidad de tiempo del modelo (por defecto: lo bastante larga para 10.000 llegadas, en días enteros si hay turnos o un horario)</translation>
    </message>
    <message>
        <source>random seed: the same seed gives the same numbers (default 0)</source>
        <translation>semilla aleatoria: la misma semilla da los mismos números (por defecto 0)</translation>
    </message>
    <message>
        <source>print the result as JSON</source>
        <translation>imprimir el resultado como JSON</translation>
    </message>
    <message>
        <source>cannot read {file}: {why}</source>
        <translation>no se puede leer {file}: {why}</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <source>Simulating: {done}/{total} replications</source>
        <translation>Simulando: {done}/{total} réplicas</translation>
    </message>
    <message>
        <source>(no interval)</source>
        <translation>(sin intervalo)</translation>
    </message>
    <message>
        <source>{low} to {high}</source>
        <translation>{low} a {high}</translation>
    </message>
    <message>
        <source>{name}: {replications} replications of {horizon} {unit}s (first {warmup} discarded), seed {seed}</source>
        <translation>{name}: {replications} réplicas de {horizon} {unit}s (primeros {warmup} descartados), semilla {seed}</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Cifra</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>95% confidence interval</source>
        <translation>intervalo de confianza del 95%</translation>
    </message>
    <message>
        <source>Throughput (per {unit})</source>
        <translation>Rendimiento (por {unit})</translation>
    </message>
    <message>
        <source>Lead time ({unit}s)</source>
        <translation>Tiempo de entrega ({unit}s)</translation>
    </message>
    <message>
        <source>Lead time, 90th pct ({unit}s)</source>
        <translation>Tiempo de entrega, pct. 90 ({unit}s)</translation>
    </message>
    <message>
        <source>Work in progress (cases)</source>
        <translation>Trabajo en curso (casos)</translation>
    </message>
    <message>
        <source>95% CI</source>
        <translation>IC 95%</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Paso</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Espera</translation>
    </message>
    <message>
        <source>Utilisation</source>
        <translation>Utilización</translation>
    </message>
    <message>
        <source>Map wait</source>
        <translation>Espera mapa</translation>
    </message>
    <message>
        <source>Wait: mean queue wait per visit, in {unit}s; Map wait: the wait_before the map records, for comparison.</source>
        <translation>Espera: espera media en cola por visita, en {unit}s; Espera mapa: el wait_before que registra el mapa, para comparar.</translation>
    </message>
</context>
<context>
    <name>db.audit_chain</name>
    <message>
        <source>not hash-chained yet (`kaizen db upgrade` adds the chain)</source>
        <translation>aún sin cadena de hashes (`kaizen db upgrade` añade la cadena)</translation>
    </message>
    <message>
        <source>hash chain intact over {events} events (head {head}; note it to notice events cut off the end later)</source>
        <translation>cadena de hashes intacta en {events} eventos (cabeza {head}; anótala para detectar más adelante eventos eliminados al final)</translation>
    </message>
    <message>
        <source>HASH CHAIN BROKEN at event #{event}: {problem}. That event or one before it was changed, inserted or removed outside Kaizen</source>
        <translation>CADENA DE HASHES ROTA en el evento #{event}: {problem}. Ese evento o uno anterior se cambió, insertó o eliminó fuera de Kaizen</translation>
    </message>
    <message>
        <source>its content cannot be read ({exc})</source>
        <translation>su contenido no se puede leer ({exc})</translation>
    </message>
    <message>
        <source>its stored hash does not match its content and the event before</source>
        <translation>su hash guardado no coincide con su contenido y el evento anterior</translation>
    </message>
</context>
<context>
    <name>db.backup</name>
    <message>
        <source>the database is open in another Kaizen program: {holders}. Close Kaizen there first (its saves would otherwise go into the file set aside); nothing was restored.</source>
        <translation>la base de datos está abierta en otro programa Kaizen: {holders}. Cierra Kaizen allí primero (si no, lo que guarde iría al archivo apartado); no se ha restaurado nada.</translation>
    </message>
    <message>
        <source>Backups from the app are for local SQLite databases only.</source>
        <translation>Las copias de seguridad desde la aplicación son solo para bases de datos SQLite locales.</translation>
    </message>
    <message>
        <source>cannot open: {exc}</source>
        <translation>no se puede abrir: {exc}</translation>
    </message>
    <message>
        <source>{count} broken references</source>
        <translation>{count} referencias rotas</translation>
    </message>
    <message>
        <source>not a readable database: {exc}</source>
        <translation>no es una base de datos legible: {exc}</translation>
    </message>
    <message>
        <source>the database is damaged ({problems}); not backed up</source>
        <translation>la base de datos está dañada ({problems}); no se ha hecho copia</translation>
    </message>
    <message>
        <source>the backup could not be written ({exc})</source>
        <translation>no se pudo escribir la copia de seguridad ({exc})</translation>
    </message>
    <message>
        <source>the backup did not verify</source>
        <translation>la copia de seguridad no ha superado la verificación</translation>
    </message>
    <message>
        <source>{got} pages instead of {want}</source>
        <translation>{got} páginas en lugar de {want}</translation>
    </message>
    <message>
        <source>table {table} missing</source>
        <translation>falta la tabla {table}</translation>
    </message>
    <message>
        <source>table {table} not in the source</source>
        <translation>la tabla {table} no está en el origen</translation>
    </message>
    <message>
        <source>{table}: {got} rows instead of {want}</source>
        <translation>{table}: {got} filas en lugar de {want}</translation>
    </message>
    <message>
        <source>{what} (cannot be read back: {exc})</source>
        <translation>{what} (no se puede volver a leer: {exc})</translation>
    </message>
    <message>
        <source>{what}: its content differs from the database&apos;s ({differences})</source>
        <translation>{what}: su contenido difiere del de la base de datos ({differences})</translation>
    </message>
    <message>
        <source>Backup taken {at:%Y-%m-%d %H:%M}</source>
        <translation>Copia de seguridad del {at:%Y-%m-%d %H:%M}</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>Archivo: {path}</translation>
    </message>
    <message>
        <source>Size: {size} MB</source>
        <translation>Tamaño: {size} MB</translation>
    </message>
    <message>
        <source>Unusable: {problem}</source>
        <translation>Inutilizable: {problem}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>Schema revision: {revision}</source>
        <translation>Revisión del esquema: {revision}</translation>
    </message>
    <message>
        <source>none (an empty database)</source>
        <translation>ninguna (una base de datos vacía)</translation>
    </message>
    <message>
        <source>People: {count}</source>
        <translation>Personas: {count}</translation>
    </message>
    <message>
        <source>Ideas: {count}</source>
        <translation>Ideas: {count}</translation>
    </message>
    <message>
        <source>Waste observations: {count}</source>
        <translation>Observaciones de despilfarro: {count}</translation>
    </message>
    <message>
        <source>PDCA cycles: {count}</source>
        <translation>Ciclos PDCA: {count}</translation>
    </message>
    <message>
        <source>Newest idea: {newest}</source>
        <translation>Idea más reciente: {newest}</translation>
    </message>
    <message>
        <source>cannot be read ({reason})</source>
        <translation>no se puede leer ({reason})</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>el archivo está vacío</translation>
    </message>
    <message>
        <source>{name} is not a Kaizen database: it holds no tables at all</source>
        <translation>{name} no es una base de datos de Kaizen: no contiene ninguna tabla</translation>
    </message>
    <message>
        <source>not a readable Kaizen database ({exc})</source>
        <translation>no es una base de datos de Kaizen legible ({exc})</translation>
    </message>
    <message>
        <source>{name} cannot be restored: {problem}</source>
        <translation>{name} no se puede restaurar: {problem}</translation>
    </message>
    <message>
        <source>the restored copy did not verify</source>
        <translation>la copia restaurada no ha superado la verificación</translation>
    </message>
    <message>
        <source>the backup could not be copied ({exc})</source>
        <translation>no se pudo copiar la copia de seguridad ({exc})</translation>
    </message>
    <message>
        <source>the restored database did not verify ({problems})</source>
        <translation>la base de datos restaurada no ha superado la verificación ({problems})</translation>
    </message>
    <message>
        <source>in the future (check the computer&apos;s clock)</source>
        <translation>en el futuro (revisa el reloj del ordenador)</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>justo ahora</translation>
    </message>
    <message>
        <source>{amount} day ago</source>
        <translation>hace {amount} día</translation>
    </message>
    <message>
        <source>{amount} days ago</source>
        <translation>hace {amount} días</translation>
    </message>
    <message>
        <source>{amount} hour ago</source>
        <translation>hace {amount} hora</translation>
    </message>
    <message>
        <source>{amount} hours ago</source>
        <translation>hace {amount} horas</translation>
    </message>
    <message>
        <source>{amount} minute ago</source>
        <translation>hace {amount} minuto</translation>
    </message>
    <message>
        <source>{amount} minutes ago</source>
        <translation>hace {amount} minutos</translation>
    </message>
</context>
<context>
    <name>db.copy</name>
    <message>
        <source>Table</source>
        <translation>Tabla</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Filas</translation>
    </message>
    <message>
        <source>Sums equal on both sides</source>
        <translation>Sumas iguales en ambos lados</translation>
    </message>
    <message>
        <source>total</source>
        <translation>total</translation>
    </message>
    <message>
        <source>The source and the target are the same database.</source>
        <translation>El origen y el destino son la misma base de datos.</translation>
    </message>
    <message>
        <source>The copy did not match the source ({tables}); nothing was written to the target.</source>
        <translation>La copia no coincidía con el origen ({tables}); no se ha escrito nada en el destino.</translation>
    </message>
    <message>
        <source>The audit trail does not verify in the copy: {describe}. Nothing was written to the target; `kaizen --db SOURCE db check` shows the source&apos;s trail.</source>
        <translation>El registro de auditoría no se verifica en la copia: {describe}. No se ha escrito nada en el destino; `kaizen --db SOURCE db check` muestra el registro del origen.</translation>
    </message>
    <message>
        <source>The source: {exc}</source>
        <translation>El origen: {exc}</translation>
    </message>
    <message>
        <source>The target: {exc}</source>
        <translation>El destino: {exc}</translation>
    </message>
    <message>
        <source>The source is not a Kaizen database (it has no Kaizen schema).</source>
        <translation>El origen no es una base de datos de Kaizen (no tiene esquema de Kaizen).</translation>
    </message>
    <message>
        <source>The source and the target were written by a newer Kaizen (source at revision {current}, target at {target}; this version knows up to {head}). Copy with that newer Kaizen; nothing was written.</source>
        <translation>El origen y el destino los escribió un Kaizen más reciente (origen en la revisión {current}, destino en {target}; esta versión conoce hasta {head}). Copia con ese Kaizen más reciente; no se ha escrito nada.</translation>
    </message>
    <message>
        <source>The source was written by a newer Kaizen (source at revision {current}, target at {target}; this version knows up to {head}). Copy with that newer Kaizen; nothing was written.</source>
        <translation>El origen lo escribió un Kaizen más reciente (origen en la revisión {current}, destino en {target}; esta versión conoce hasta {head}). Copia con ese Kaizen más reciente; no se ha escrito nada.</translation>
    </message>
    <message>
        <source>The target was written by a newer Kaizen (source at revision {current}, target at {target}; this version knows up to {head}). Copy with that newer Kaizen; nothing was written.</source>
        <translation>El destino lo escribió un Kaizen más reciente (origen en la revisión {current}, destino en {target}; esta versión conoce hasta {head}). Copia con ese Kaizen más reciente; no se ha escrito nada.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>The source is at schema revision {current}, not this app&apos;s newest ({head}). Upgrade it first (`kaizen --db SOURCE db upgrade`), then copy.</source>
        <translation>El origen está en la revisión de esquema {current}, no en la más reciente de esta aplicación ({head}). Actualízalo primero (`kaizen --db SOURCE db upgrade`) y luego copia.</translation>
    </message>
    <message>
        <source>The target has tables but no Kaizen schema; copy into an empty database.</source>
        <translation>El destino tiene tablas pero no un esquema de Kaizen; copia en una base de datos vacía.</translation>
    </message>
    <message>
        <source>The source is at schema revision {current} and the target at {current2}. Bring both to the same revision with `kaizen --db URL db upgrade`, then copy.</source>
        <translation>El origen está en la revisión de esquema {current} y el destino en {current2}. Lleva ambos a la misma revisión con `kaizen --db URL db upgrade` y luego copia.</translation>
    </message>
    <message>
        <source>The target database is not empty (it holds {tables}). Copy only into a new, empty database; nothing was changed.</source>
        <translation>La base de datos de destino no está vacía (contiene {tables}). Copia solo en una base de datos nueva y vacía; no se ha cambiado nada.</translation>
    </message>
    <message>
        <source>The source&apos;s photo #{row_id} names its file as {shown}, not as 64 lowercase hex digits ({count} such photo rows); a damaged or crafted database. No file was read and nothing was written to the target.</source>
        <translation>La foto #{row_id} del origen nombra su archivo como {shown}, no como 64 dígitos hexadecimales en minúscula ({count} filas de fotos así); una base de datos dañada o manipulada. No se ha leído ningún archivo ni se ha escrito nada en el destino.</translation>
    </message>
    <message>
        <source>{count} photo files were not copied: give the folder with {option}.</source>
        <translation>No se han copiado {count} archivos de fotos: indica la carpeta con {option}.</translation>
    </message>
    <message>
        <source>{message} Nothing was written to the target.</source>
        <translation>{message} No se ha escrito nada en el destino.</translation>
    </message>
</context>
<context>
    <name>db.engine</name>
    <message>
        <source>The database file {path} was replaced by another program (a restore, or a copy put in its place) while Kaizen had it open. Nothing was saved, and Kaizen saves nothing more into the old file. Close Kaizen and start it again to work on the database that is there now.</source>
        <translation>Otro programa ha sustituido el archivo de base de datos {path} (una restauración o una copia puesta en su lugar) mientras Kaizen lo tenía abierto. No se ha guardado nada y Kaizen no guardará nada más en el archivo antiguo. Cierra Kaizen y vuelve a iniciarlo para trabajar con la base de datos que hay ahora.</translation>
    </message>
    <message>
        <source>Someone else saved this record at the same moment; nothing of yours was saved. Reload it and make your change again.</source>
        <translation>Otra persona ha guardado este registro en el mismo momento; no se ha guardado nada tuyo. Vuelve a cargarlo y repite tu cambio.</translation>
    </message>
    <message>
        <source>This database was written by a newer version of Kaizen and is open read-only.</source>
        <translation>Esta base de datos la escribió una versión más reciente de Kaizen y está abierta en solo lectura.</translation>
    </message>
    <message>
        <source>The database is busy: another Kaizen window or program kept it locked for over {seconds:g} seconds ({write_attempts} tries). Nothing was saved; try again in a moment.</source>
        <translation>La base de datos está ocupada: otra ventana o programa de Kaizen la mantuvo bloqueada más de {seconds:g} segundos ({write_attempts} intentos). No se ha guardado nada; vuelve a intentarlo en un momento.</translation>
    </message>
    <message>
        <source>Cannot reach the database server.</source>
        <translation>No se puede conectar con el servidor de base de datos.</translation>
    </message>
    <message>
        <source>The database is closed while {maintenance}; try again in a moment.</source>
        <translation>La base de datos está cerrada mientras {maintenance}; vuelve a intentarlo en un momento.</translation>
    </message>
</context>
<context>
    <name>db.marking</name>
    <message>
        <source>{name} is not a Kaizen database: another program marked it as its own (SQLite application id 0x{found:08X}; Kaizen&apos;s is 0x{ours:08X})</source>
        <translation>{name} no es una base de datos de Kaizen: otro programa la marcó como suya (id de aplicación SQLite 0x{found:08X}; la de Kaizen es 0x{ours:08X})</translation>
    </message>
    <message>
        <source>{name} is not a Kaizen database: it holds another program&apos;s tables ({shown}) and neither Kaizen&apos;s mark nor Kaizen&apos;s schema</source>
        <translation>{name} no es una base de datos de Kaizen: contiene tablas de otro programa ({shown}) y ni la marca ni el esquema de Kaizen</translation>
    </message>
    <message>
        <source>{name} is not a readable SQLite file ({exc})</source>
        <translation>{name} no es un archivo SQLite legible ({exc})</translation>
    </message>
</context>
<context>
    <name>db.migrate</name>
    <message>
        <source>The migration would leave {count} broken references; nothing was changed.</source>
        <translation>La migración dejaría {count} referencias rotas; no se ha cambiado nada.</translation>
    </message>
    <message>
        <source>the database</source>
        <translation>la base de datos</translation>
    </message>
    <message>
        <source>{why}. Nothing was written to it; give Kaizen its own file (a new one is created when none exists).</source>
        <translation>{why}. No se ha escrito nada en ella; dale a Kaizen su propio archivo (se crea uno nuevo si no existe ninguno).</translation>
    </message>
    <message>
        <source>This database is at revision {current}, newer than this app knows ({head}). Update Kaizen to open it for writing.</source>
        <translation>Esta base de datos está en la revisión {current}, más reciente de lo que conoce esta aplicación ({head}). Actualiza Kaizen para abrirla con escritura.</translation>
    </message>
    <message>
        <source>No upgrade without a good backup: {exc}</source>
        <translation>No hay actualización sin una copia de seguridad buena: {exc}</translation>
    </message>
    <message>
        <source>This database has tables but no Kaizen schema version; it was not made by Kaizen.</source>
        <translation>Esta base de datos tiene tablas pero ninguna versión de esquema de Kaizen; no la creó Kaizen.</translation>
    </message>
</context>
<context>
    <name>db.presence</name>
    <message>
        <source>process {pid} of {user} on {host} ({program}), open since {since}</source>
        <translation>proceso {pid} de {user} en {host} ({program}), abierta desde {since}</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>alguien</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>este ordenador</translation>
    </message>
</context>
<context>
    <name>db.recovery</name>
    <message>
        <source>cannot be read ({reason})</source>
        <translation>no se puede leer ({reason})</translation>
    </message>
    <message>
        <source>the file is empty (0 bytes)</source>
        <translation>el archivo está vacío (0 bytes)</translation>
    </message>
    <message>
        <source>the file is only {size} bytes long</source>
        <translation>el archivo solo tiene {size} bytes</translation>
    </message>
    <message>
        <source>not a readable database ({exc})</source>
        <translation>no es una base de datos legible ({exc})</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>The database file {name} is damaged, so Kaizen did not open it.</source>
        <translation>El archivo de base de datos {name} está dañado, así que Kaizen no lo ha abierto.</translation>
    </message>
    <message>
        <source>What SQLite found: {found}</source>
        <translation>Lo que encontró SQLite: {found}</translation>
    </message>
    <message>
        <source>The damaged file was kept, renamed to {name}; nothing was deleted.</source>
        <translation>El archivo dañado se ha conservado con el nombre {name}; no se ha borrado nada.</translation>
    </message>
    <message>
        <source>The newest good backup is from {date}: {ideas} ideas, {observations} waste observations, {people} people.</source>
        <translation>La copia de seguridad buena más reciente es del {date}: {ideas} ideas, {observations} observaciones de despilfarro, {people} personas.</translation>
    </message>
    <message>
        <source>No good backup was found, so Kaizen can only start with an empty database.</source>
        <translation>No se ha encontrado ninguna copia de seguridad buena, así que Kaizen solo puede empezar con una base de datos vacía.</translation>
    </message>
    <message>
        <source>No backup to restore. Running the command again starts an empty database; the damaged file stays at {path}.</source>
        <translation>No hay copia de seguridad que restaurar. Si vuelves a ejecutar el comando, se empieza con una base de datos vacía; el archivo dañado se queda en {path}.</translation>
    </message>
    <message>
        <source>To restore the backup from {date}, run:</source>
        <translation>Para restaurar la copia de seguridad del {date}, ejecuta:</translation>
    </message>
    <message>
        <source>This offer has no backup to restore.</source>
        <translation>Esta oferta no tiene ninguna copia de seguridad que restaurar.</translation>
    </message>
</context>
<context>
    <name>db.url_check</name>
    <message>
        <source>{source}: {shown} is not a database URL. Write {examples}.</source>
        <translation>{source}: {shown} no es una URL de base de datos. Escribe {examples}.</translation>
    </message>
    <message>
        <source>{source}: the SQLite driver {driver!r} is not supported; write sqlite:////path/to/kaizen.db.</source>
        <translation>{source}: el controlador SQLite {driver!r} no es compatible; escribe sqlite:////path/to/kaizen.db.</translation>
    </message>
    <message>
        <source>{source}: the PostgreSQL driver {driver!r} is not installed with Kaizen; write postgresql+psycopg://... .</source>
        <translation>{source}: el controlador PostgreSQL {driver!r} no se instala con Kaizen; escribe postgresql+psycopg://... .</translation>
    </message>
    <message>
        <source>{source}: the URL names no database; write postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE.</source>
        <translation>{source}: la URL no indica ninguna base de datos; escribe postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE.</translation>
    </message>
    <message>
        <source>{source}: Kaizen works with SQLite and PostgreSQL, not {backend!r}. Write {examples}.</source>
        <translation>{source}: Kaizen funciona con SQLite y PostgreSQL, no con {backend!r}. Escribe {examples}.</translation>
    </message>
</context>
<context>
    <name>domain.capability</name>
    <message>
        <source>sigma level includes the conventional 1.5-sigma long-term shift</source>
        <translation>el nivel sigma incluye el desplazamiento convencional de 1,5 sigma a largo plazo</translation>
    </message>
    <message>
        <source>at least one spec limit is needed.</source>
        <translation>se necesita al menos un límite de especificación.</translation>
    </message>
    <message>
        <source>must be a finite number.</source>
        <translation>debe ser un número finito.</translation>
    </message>
    <message>
        <source>the upper spec limit must be above the lower one.</source>
        <translation>el límite superior de especificación debe estar por encima del inferior.</translation>
    </message>
    <message>
        <source>must lie between the spec limits.</source>
        <translation>debe estar entre los límites de especificación.</translation>
    </message>
    <message>
        <source>The moving range needs at least two values.</source>
        <translation>El rango móvil necesita al menos dos valores.</translation>
    </message>
    <message>
        <source>The values must fill at least two whole subgroups.</source>
        <translation>Los valores deben llenar al menos dos subgrupos completos.</translation>
    </message>
    <message>
        <source>at least two finite measurements are needed.</source>
        <translation>se necesitan al menos dos mediciones finitas.</translation>
    </message>
    <message>
        <source>capability needs some variation in the data.</source>
        <translation>la capacidad necesita algo de variación en los datos.</translation>
    </message>
</context>
<context>
    <name>domain.control_chart</name>
    <message>
        <source>An XmR chart needs at least two values.</source>
        <translation>Un gráfico XmR necesita al menos dos valores.</translation>
    </message>
    <message>
        <source>A run needs at least two points.</source>
        <translation>Una serie necesita al menos dos puntos.</translation>
    </message>
</context>
<context>
    <name>domain.enums</name>
    <message>
        <source>Transport</source>
        <translation>Transporte</translation>
    </message>
    <message>
        <source>Moving materials, parts or information between places without adding value.</source>
        <translation>Mover materiales, piezas o información entre lugares sin añadir valor.</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>Inventario</translation>
    </message>
    <message>
        <source>More material, work in progress or supplies than the next step needs right now.</source>
        <translation>Más material, trabajo en curso o suministros de los que necesita ahora el paso siguiente.</translation>
    </message>
    <message>
        <source>Motion</source>
        <translation>Movimiento</translation>
    </message>
    <message>
        <source>People walking, reaching, bending or searching more than the work needs.</source>
        <translation>Personas que caminan, se estiran, se agachan o buscan más de lo que exige el trabajo.</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Espera</translation>
    </message>
    <message>
        <source>People, machines or patients idle while they wait for the previous step.</source>
        <translation>Personas, máquinas o pacientes parados mientras esperan al paso anterior.</translation>
    </message>
    <message>
        <source>Overproduction</source>
        <translation>Sobreproducción</translation>
    </message>
    <message>
        <source>Making more, or sooner, than the customer or the next step asked for.</source>
        <translation>Producir más, o antes, de lo que pidió el cliente o el paso siguiente.</translation>
    </message>
    <message>
        <source>Over-processing</source>
        <translation>Sobreproceso</translation>
    </message>
    <message>
        <source>Doing more work, checks or approvals than the customer values.</source>
        <translation>Hacer más trabajo, controles o aprobaciones de lo que el cliente valora.</translation>
    </message>
    <message>
        <source>Defects</source>
        <translation>Defectos</translation>
    </message>
    <message>
        <source>Errors, scrap and rework: anything done twice because it was not right first time.</source>
        <translation>Errores, desechos y retrabajo: todo lo que se hace dos veces porque no salió bien a la primera.</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Enviada</translation>
    </message>
    <message>
        <source>Under review</source>
        <translation>En revisión</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Aceptada</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rechazada</translation>
    </message>
    <message>
        <source>Standardised</source>
        <translation>Estandarizada</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Abandonada</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Planificar</translation>
    </message>
    <message>
        <source>Do</source>
        <translation>Hacer</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Verificar</translation>
    </message>
    <message>
        <source>Act</source>
        <translation>Actuar</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Adopt</source>
        <translation>Adoptar</translation>
    </message>
    <message>
        <source>Adapt</source>
        <translation>Adaptar</translation>
    </message>
    <message>
        <source>Abandon</source>
        <translation>Abandonar</translation>
    </message>
    <message>
        <source>Hard</source>
        <translation>Duro</translation>
    </message>
    <message>
        <source>Soft</source>
        <translation>Blando</translation>
    </message>
    <message>
        <source>Avoidance</source>
        <translation>Evitado</translation>
    </message>
</context>
<context>
    <name>domain.errors</name>
    <message>
        <source>Cannot reach the database server: nothing was saved.</source>
        <translation>No se puede acceder al servidor de base de datos: no se ha guardado nada.</translation>
    </message>
    <message>
        <source>The database server went away while saving: the change may or may not have been kept. Reload to check before saving again.</source>
        <translation>Se perdió el servidor de base de datos al guardar: puede que el cambio se haya guardado o no. Recarga para comprobarlo antes de volver a guardar.</translation>
    </message>
    <message>
        <source>The disk is full: nothing was saved. Free some space, then try again.</source>
        <translation>El disco está lleno: no se ha guardado nada. Libera espacio y vuelve a intentarlo.</translation>
    </message>
</context>
<context>
    <name>domain.file_refs</name>
    <message>
        <source>The stored file reference {shown} is damaged (not 64 lowercase hex digits); no file was read for it.</source>
        <translation>La referencia de archivo guardada {shown} está dañada (no son 64 dígitos hexadecimales en minúscula); no se ha leído ningún archivo.</translation>
    </message>
    <message>
        <source>The stored file type {shown} is damaged; no file was read for it.</source>
        <translation>El tipo de archivo guardado {shown} está dañado; no se ha leído ningún archivo.</translation>
    </message>
    <message>
        <source>The file of {sha256}... cannot be looked up ({exc}).</source>
        <translation>No se puede buscar el archivo de {sha256}... ({exc}).</translation>
    </message>
    <message>
        <source>The file of {sha256}... leads outside the attachments folder; it was not used.</source>
        <translation>El archivo de {sha256}... apunta fuera de la carpeta de adjuntos; no se ha usado.</translation>
    </message>
</context>
<context>
    <name>domain.input_domains</name>
    <message>
        <source>Pick {label}.</source>
        <translation>Elige: {label}.</translation>
    </message>
    <message>
        <source>{label} is picked by its number.</source>
        <translation>{label} se elige por su número.</translation>
    </message>
    <message>
        <source>{label} are given as a list of numbers.</source>
        <translation>{label}: se indican como una lista de números.</translation>
    </message>
    <message>
        <source>{label} are picked by their numbers.</source>
        <translation>{label}: se eligen por sus números.</translation>
    </message>
    <message>
        <source>between {first} and {last}</source>
        <translation>entre {first} y {last}</translation>
    </message>
    <message>
        <source>{label} is required.</source>
        <translation>{label} es obligatorio.</translation>
    </message>
    <message>
        <source>{label} must be a date.</source>
        <translation>{label} debe ser una fecha.</translation>
    </message>
    <message>
        <source>{label} must be a date {range_words}.</source>
        <translation>{label} debe ser una fecha {range_words}.</translation>
    </message>
    <message>
        <source>{label} must be a date and time.</source>
        <translation>{label} debe ser una fecha y hora.</translation>
    </message>
    <message>
        <source>{label} must be {range_words}.</source>
        <translation>{label} debe estar {range_words}.</translation>
    </message>
    <message>
        <source>{label} cannot be in the future.</source>
        <translation>{label} no puede estar en el futuro.</translation>
    </message>
    <message>
        <source>Give the month as YYYY-MM, e.g. 2026-03 (got {shown}).</source>
        <translation>Indica el mes como AAAA-MM, p. ej. 2026-03 (se recibió {shown}).</translation>
    </message>
    <message>
        <source>The month must be {range_words} (got {text}).</source>
        <translation>El mes debe estar {range_words} (se recibió {text}).</translation>
    </message>
    <message>
        <source>{label} must be a number.</source>
        <translation>{label} debe ser un número.</translation>
    </message>
    <message>
        <source>{label} cannot be above {maximum:g}.</source>
        <translation>{label} no puede ser mayor que {maximum:g}.</translation>
    </message>
    <message>
        <source>{label} must be a finite number.</source>
        <translation>{label} debe ser un número finito.</translation>
    </message>
    <message>
        <source>{label} cannot be below {minimum:g}.</source>
        <translation>{label} no puede ser menor que {minimum:g}.</translation>
    </message>
    <message>
        <source>{label} is a whole number from {minimum} to {maximum}.</source>
        <translation>{label} es un número entero de {minimum} a {maximum}.</translation>
    </message>
    <message>
        <source>{label} must be text.</source>
        <translation>{label} debe ser texto.</translation>
    </message>
    <message>
        <source>{label} holds characters that cannot be stored.</source>
        <translation>{label} contiene caracteres que no se pueden guardar.</translation>
    </message>
    <message>
        <source>{label} is too long ({count} characters; at most {max_len}).</source>
        <translation>{label} es demasiado largo ({count} caracteres; como máximo {max_len}).</translation>
    </message>
</context>
<context>
    <name>domain.kpis</name>
    <message>
        <source>Cycle time</source>
        <translation>Tiempo de ciclo</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>Tiempo de entrega</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>Tasa de errores</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Rendimiento</translation>
    </message>
    <message>
        <source>Customer satisfaction</source>
        <translation>Satisfacción del cliente</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Personalizado</translation>
    </message>
</context>
<context>
    <name>domain.metric_chart</name>
    <message>
        <source>Individuals and moving range (I-MR)</source>
        <translation>Valores individuales y rango móvil (I-MR)</translation>
    </message>
    <message>
        <source>X-bar and range (X-bar/R)</source>
        <translation>X-barra y rango (X-bar/R)</translation>
    </message>
    <message>
        <source>X-bar and standard deviation (X-bar/S)</source>
        <translation>X-barra y desviación típica (X-bar/S)</translation>
    </message>
    <message>
        <source>Share defective (p chart)</source>
        <translation>Proporción defectuosa (gráfico p)</translation>
    </message>
    <message>
        <source>Defects per unit (u chart)</source>
        <translation>Defectos por unidad (gráfico u)</translation>
    </message>
    <message>
        <source>p chart</source>
        <translation>gráfico p</translation>
    </message>
    <message>
        <source>u chart</source>
        <translation>gráfico u</translation>
    </message>
    <message>
        <source>Limits per phase</source>
        <translation>Límites por fase</translation>
    </message>
    <message>
        <source>Before limits carried forward</source>
        <translation>Límites de antes mantenidos</translation>
    </message>
    <message>
        <source>X-bar charts need subgroups of 2 or more values.</source>
        <translation>Los gráficos X-barra necesitan subgrupos de 2 o más valores.</translation>
    </message>
    <message>
        <source>The last {left} before value does not fill a subgroup of {size} and is left out.</source>
        <translation>El último {left} valor de antes no completa un subgrupo de {size} y se omite.</translation>
    </message>
    <message>
        <source>The last {left} before values do not fill a subgroup of {size} and are left out.</source>
        <translation>Los últimos {left} valores de antes no completan un subgrupo de {size} y se omiten.</translation>
    </message>
    <message>
        <source>The last {left} after value does not fill a subgroup of {size} and is left out.</source>
        <translation>El último {left} valor de después no completa un subgrupo de {size} y se omite.</translation>
    </message>
    <message>
        <source>The last {left} after values do not fill a subgroup of {size} and are left out.</source>
        <translation>Los últimos {left} valores de después no completan un subgrupo de {size} y se omiten.</translation>
    </message>
    <message>
        <source>a p or u chart needs the number of items or units each measurement was counted over.</source>
        <translation>un gráfico p o u necesita el número de piezas o unidades sobre las que se contó cada medición.</translation>
    </message>
    <message>
        <source>a p chart reads each measurement as a share defective between 0 and {top}.</source>
        <translation>un gráfico p lee cada medición como una proporción defectuosa entre 0 y {top}.</translation>
    </message>
    <message>
        <source>a u chart reads each measurement as defects per unit, never below 0.</source>
        <translation>un gráfico u lee cada medición como defectos por unidad, nunca por debajo de 0.</translation>
    </message>
    <message>
        <source>the chart needs at least {needed} before values ({minimum} subgroups).</source>
        <translation>el gráfico necesita al menos {needed} valores de antes ({minimum} subgrupos).</translation>
    </message>
    <message>
        <source>the chart needs at least {needed} before values ({minimum} points).</source>
        <translation>el gráfico necesita al menos {needed} valores de antes ({minimum} puntos).</translation>
    </message>
    <message>
        <source>The after phase has too few points for limits of its own; it is shown against the before limits.</source>
        <translation>La fase de después tiene muy pocos puntos para límites propios; se muestra frente a los límites de antes.</translation>
    </message>
    <message>
        <source>{rule}: {description}, {count} times ({where})</source>
        <translation>{rule}: {description}, {count} veces ({where})</translation>
    </message>
    <message>
        <source>{rule}: {description} ({where})</source>
        <translation>{rule}: {description} ({where})</translation>
    </message>
    <message>
        <source>{rule} chart: {description} ({where})</source>
        <translation>gráfico {rule}: {description} ({where})</translation>
    </message>
    <message>
        <source>point {number}</source>
        <translation>punto {number}</translation>
    </message>
    <message>
        <source>subgroup {number}</source>
        <translation>subgrupo {number}</translation>
    </message>
    <message>
        <source>points {numbers}</source>
        <translation>puntos {numbers}</translation>
    </message>
    <message>
        <source>subgroups {numbers}</source>
        <translation>subgrupos {numbers}</translation>
    </message>
</context>
<context>
    <name>domain.pdca</name>
    <message>
        <source>Write the problem statement.</source>
        <translation>Escribe la descripción del problema.</translation>
    </message>
    <message>
        <source>Name the target metric.</source>
        <translation>Indica la métrica objetivo.</translation>
    </message>
    <message>
        <source>Give the target value to reach.</source>
        <translation>Indica el valor objetivo que alcanzar.</translation>
    </message>
    <message>
        <source>Describe the countermeasure.</source>
        <translation>Describe la contramedida.</translation>
    </message>
    <message>
        <source>This cycle is closed; start a new cycle instead of reopening it.</source>
        <translation>Este ciclo está cerrado; empieza un ciclo nuevo en lugar de reabrirlo.</translation>
    </message>
    <message>
        <source>The cycle is already in {stage}.</source>
        <translation>El ciclo ya está en {stage}.</translation>
    </message>
    <message>
        <source>Move one stage at a time: after {current} comes {next}, not {target}.</source>
        <translation>Avanza una etapa cada vez: después de {current} viene {next}, no {target}.</translation>
    </message>
    <message>
        <source>Add at least one action to carry out.</source>
        <translation>Añade al menos una acción que realizar.</translation>
    </message>
    <message>
        <source>Finish the actions: {open} of {total} is not done yet.</source>
        <translation>Termina las acciones: {open} de {total} aún no está hecha.</translation>
    </message>
    <message>
        <source>Finish the actions: {open} of {total} are not done yet.</source>
        <translation>Termina las acciones: {open} de {total} aún no están hechas.</translation>
    </message>
    <message>
        <source>Record before and after measurements for at least one metric.</source>
        <translation>Registra mediciones de antes y después de al menos una métrica.</translation>
    </message>
    <message>
        <source>Choose a decision: adopt, adapt or abandon.</source>
        <translation>Elige una decisión: adoptar, adaptar o abandonar.</translation>
    </message>
</context>
<context>
    <name>domain.permissions</name>
    <message>
        <source>create a suggestion</source>
        <translation>crear una idea</translation>
    </message>
    <message>
        <source>log a waste observation</source>
        <translation>registrar un despilfarro</translation>
    </message>
    <message>
        <source>comment on a suggestion</source>
        <translation>comentar una idea</translation>
    </message>
    <message>
        <source>review suggestions</source>
        <translation>revisar ideas</translation>
    </message>
    <message>
        <source>move PDCA stages</source>
        <translation>mover etapas PDCA</translation>
    </message>
    <message>
        <source>record measurements</source>
        <translation>registrar mediciones</translation>
    </message>
    <message>
        <source>record savings</source>
        <translation>registrar ahorros</translation>
    </message>
    <message>
        <source>validate savings</source>
        <translation>validar ahorros</translation>
    </message>
    <message>
        <source>manage people</source>
        <translation>gestionar personas</translation>
    </message>
    <message>
        <source>manage areas</source>
        <translation>gestionar áreas</translation>
    </message>
    <message>
        <source>change settings</source>
        <translation>cambiar los ajustes</translation>
    </message>
    <message>
        <source>map processes</source>
        <translation>mapear procesos</translation>
    </message>
    <message>
        <source>delete processes</source>
        <translation>eliminar procesos</translation>
    </message>
    <message>
        <source>import and delete event logs</source>
        <translation>importar y eliminar registros de eventos</translation>
    </message>
    <message>
        <source>A staff may not {action}.</source>
        <translation>El personal no puede {action}.</translation>
    </message>
    <message>
        <source>A supervisor may not {action}.</source>
        <translation>Un supervisor no puede {action}.</translation>
    </message>
    <message>
        <source>A admin may not {action}.</source>
        <translation>Un administrador no puede {action}.</translation>
    </message>
    <message>
        <source>This idea is {status} and can no longer be edited.</source>
        <translation>Esta idea está {status} y ya no se puede editar.</translation>
    </message>
    <message>
        <source>Staff can only edit their own ideas.</source>
        <translation>El personal solo puede editar sus propias ideas.</translation>
    </message>
    <message>
        <source>This idea is already being reviewed; ask a supervisor to change it.</source>
        <translation>Esta idea ya está en revisión; pide a un supervisor que la cambie.</translation>
    </message>
</context>
<context>
    <name>domain.pins</name>
    <message>
        <source>A PIN is made of digits only.</source>
        <translation>Un PIN solo contiene dígitos.</translation>
    </message>
    <message>
        <source>A PIN has 4 to 12 digits.</source>
        <translation>Un PIN tiene de 4 a 12 dígitos.</translation>
    </message>
</context>
<context>
    <name>domain.process_model</name>
    <message>
        <source>{what} must be a number.</source>
        <translation>{what} debe ser un número.</translation>
    </message>
    <message>
        <source>{what} must be a finite number.</source>
        <translation>{what} debe ser un número finito.</translation>
    </message>
    <message>
        <source>{what} must be at least {minimum:g}.</source>
        <translation>{what} debe ser al menos {minimum:g}.</translation>
    </message>
    <message>
        <source>{what} must be more than {strictly_above:g}.</source>
        <translation>{what} debe ser mayor que {strictly_above:g}.</translation>
    </message>
    <message>
        <source>{what} must be at most {maximum:g}.</source>
        <translation>{what} debe ser como máximo {maximum:g}.</translation>
    </message>
    <message>
        <source>{what} must be a non-empty text.</source>
        <translation>{what} debe ser un texto no vacío.</translation>
    </message>
    <message>
        <source>{what} must be a text.</source>
        <translation>{what} debe ser un texto.</translation>
    </message>
    <message>
        <source>{what} is longer than {limit} characters.</source>
        <translation>{what} tiene más de {limit} caracteres.</translation>
    </message>
    <message>
        <source>{what} must be an object ({{...}}).</source>
        <translation>{what} debe ser un objeto ({{...}}).</translation>
    </message>
    <message>
        <source>{what}: distribution must be one of {names}.</source>
        <translation>{what}: distribution debe ser uno de {names}.</translation>
    </message>
    <message>
        <source>{what}: a schedule needs per_hour, 24 numbers (arrivals in each hour).</source>
        <translation>{what}: un horario necesita per_hour, 24 números (llegadas en cada hora).</translation>
    </message>
    <message>
        <source>{what}: arrivals in hour {i}</source>
        <translation>{what}: llegadas en la hora {i}</translation>
    </message>
    <message>
        <source>{what}: the schedule has no arrivals at all.</source>
        <translation>{what}: el horario no tiene ninguna llegada.</translation>
    </message>
    <message>
        <source>{what}: a {kind} distribution needs {name!r}.</source>
        <translation>{what}: una distribución {kind} necesita {name!r}.</translation>
    </message>
    <message>
        <source>{what}: values must be a non-empty list of numbers.</source>
        <translation>{what}: values debe ser una lista no vacía de números.</translation>
    </message>
    <message>
        <source>{what}: value {number}</source>
        <translation>{what}: valor {number}</translation>
    </message>
    <message>
        <source>{what}: the times between arrivals cannot all be 0.</source>
        <translation>{what}: los tiempos entre llegadas no pueden ser todos 0.</translation>
    </message>
    <message>
        <source>{what}: a triangular distribution needs min &lt;= mode &lt;= max (got {low:g}, {mode:g}, {high:g}).</source>
        <translation>{what}: una distribución triangular necesita min &lt;= mode &lt;= max (se recibió {low:g}, {mode:g}, {high:g}).</translation>
    </message>
    <message>
        <source>Step {number}</source>
        <translation>Paso {number}</translation>
    </message>
    <message>
        <source>Step {number}: name</source>
        <translation>Paso {number}: name</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot;</source>
        <translation>Paso &quot;{name}&quot;</translation>
    </message>
    <message>
        <source>{what}: &quot;start&quot; and &quot;end&quot; are reserved names.</source>
        <translation>{what}: &quot;start&quot; y &quot;end&quot; son nombres reservados.</translation>
    </message>
    <message>
        <source>{what}: value must be one of {names}.</source>
        <translation>{what}: value debe ser uno de {names}.</translation>
    </message>
    <message>
        <source>{what}: a waste step names its Lean category in waste, one of {names}.</source>
        <translation>{what}: un paso de despilfarro indica su categoría Lean en waste, una de {names}.</translation>
    </message>
    <message>
        <source>{what}: only a waste step names a waste category.</source>
        <translation>{what}: solo un paso de despilfarro indica una categoría de despilfarro.</translation>
    </message>
    <message>
        <source>{what}: resources must be a whole number from 1 to 10000.</source>
        <translation>{what}: resources debe ser un número entero de 1 a 10000.</translation>
    </message>
    <message>
        <source>{what} needs a duration.</source>
        <translation>{what} necesita una duración.</translation>
    </message>
    <message>
        <source>{what}: shifts must be a list of {{start, end}} hours.</source>
        <translation>{what}: shifts debe ser una lista de horas {{start, end}}.</translation>
    </message>
    <message>
        <source>{what}: shift {number}</source>
        <translation>{what}: turno {number}</translation>
    </message>
    <message>
        <source>{what}: shift {number} start</source>
        <translation>{what}: inicio del turno {number}</translation>
    </message>
    <message>
        <source>{what}: shift {number} end</source>
        <translation>{what}: fin del turno {number}</translation>
    </message>
    <message>
        <source>{what}: shift {number} must end after it starts.</source>
        <translation>{what}: el turno {number} debe terminar después de empezar.</translation>
    </message>
    <message>
        <source>flows must be a non-empty list of {from, to} links.</source>
        <translation>flows debe ser una lista no vacía de enlaces {from, to}.</translation>
    </message>
    <message>
        <source>Flow {number}</source>
        <translation>Flujo {number}</translation>
    </message>
    <message>
        <source>Flow {number} (&quot;{source}&quot; to &quot;{target}&quot;)</source>
        <translation>Flujo {number} (&quot;{source}&quot; a &quot;{target}&quot;)</translation>
    </message>
    <message>
        <source>{what}: from must name a step or &quot;start&quot;.</source>
        <translation>{what}: from debe indicar un paso o &quot;start&quot;.</translation>
    </message>
    <message>
        <source>{what}: to must name a step or &quot;end&quot;.</source>
        <translation>{what}: to debe indicar un paso o &quot;end&quot;.</translation>
    </message>
    <message>
        <source>{what} is written twice.</source>
        <translation>{what} está escrito dos veces.</translation>
    </message>
    <message>
        <source>Step &quot;{source}&quot;</source>
        <translation>Paso &quot;{source}&quot;</translation>
    </message>
    <message>
        <source>{label} has no flow out of it (every step leads somewhere, in the end to &quot;end&quot;).</source>
        <translation>{label} no tiene ningún flujo de salida (cada paso lleva a algún sitio, al final a &quot;end&quot;).</translation>
    </message>
    <message>
        <source>{label}: its only flow must have probability 1 (or none).</source>
        <translation>{label}: su único flujo debe tener probabilidad 1 (o ninguna).</translation>
    </message>
    <message>
        <source>{label} has {count} flows out: each needs a probability.</source>
        <translation>{label} tiene {count} flujos de salida: cada uno necesita una probabilidad.</translation>
    </message>
    <message>
        <source>{label}: the probabilities of its flows sum to {total:g}, not 1.</source>
        <translation>{label}: las probabilidades de sus flujos suman {total:g}, no 1.</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot; cannot be reached from start.</source>
        <translation>El paso &quot;{name}&quot; no se puede alcanzar desde start.</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot; has no way on to end (a loop with no exit).</source>
        <translation>El paso &quot;{name}&quot; no tiene camino hasta end (un bucle sin salida).</translation>
    </message>
    <message>
        <source>The process model</source>
        <translation>El modelo de proceso</translation>
    </message>
    <message>
        <source>The process&apos;s name</source>
        <translation>El nombre del proceso</translation>
    </message>
    <message>
        <source>time_unit must be one of {names}.</source>
        <translation>time_unit debe ser uno de {names}.</translation>
    </message>
    <message>
        <source>steps must be a non-empty list.</source>
        <translation>steps debe ser una lista no vacía.</translation>
    </message>
    <message>
        <source>A map holds at most {most} steps.</source>
        <translation>Un mapa tiene como máximo {most} pasos.</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot; is named twice.</source>
        <translation>El paso &quot;{name}&quot; aparece dos veces.</translation>
    </message>
    <message>
        <source>This is not valid JSON: {msg} at line {lineno}, column {colno}.</source>
        <translation>Esto no es JSON válido: {msg} en la línea {lineno}, columna {colno}.</translation>
    </message>
</context>
<context>
    <name>domain.savings_math</name>
    <message>
        <source>A month is written YYYY-MM, got {month!r}.</source>
        <translation>Un mes se escribe AAAA-MM; se recibió {month!r}.</translation>
    </message>
    <message>
        <source>The yearly volume and the unit cost cannot be negative.</source>
        <translation>El volumen anual y el coste unitario no pueden ser negativos.</translation>
    </message>
</context>
<context>
    <name>domain.spc</name>
    <message>
        <source>a sample cannot have more defectives than its size.</source>
        <translation>una muestra no puede tener más defectuosos que su tamaño.</translation>
    </message>
    <message>
        <source>at least two subgroups are needed.</source>
        <translation>se necesitan al menos dos subgrupos.</translation>
    </message>
    <message>
        <source>every subgroup must have the same size.</source>
        <translation>todos los subgrupos deben tener el mismo tamaño.</translation>
    </message>
    <message>
        <source>the subgroup size must be between 2 and {largest}.</source>
        <translation>el tamaño de subgrupo debe estar entre 2 y {largest}.</translation>
    </message>
    <message>
        <source>values must be finite numbers.</source>
        <translation>los valores deben ser números finitos.</translation>
    </message>
    <message>
        <source>give one count per sample, at least two samples.</source>
        <translation>indica un recuento por muestra, al menos dos muestras.</translation>
    </message>
    <message>
        <source>counts cannot be negative.</source>
        <translation>los recuentos no pueden ser negativos.</translation>
    </message>
    <message>
        <source>every sample size must be positive.</source>
        <translation>cada tamaño de muestra debe ser positivo.</translation>
    </message>
</context>
<context>
    <name>domain.spc_rules</name>
    <message>
        <source>1 point beyond its limits</source>
        <translation>1 punto fuera de sus límites</translation>
    </message>
    <message>
        <source>Western Electric (4 rules)</source>
        <translation>Western Electric (4 reglas)</translation>
    </message>
    <message>
        <source>Nelson (8 rules)</source>
        <translation>Nelson (8 reglas)</translation>
    </message>
    <message>
        <source>1 point beyond the 3-sigma limits</source>
        <translation>1 punto fuera de los límites de 3 sigma</translation>
    </message>
    <message>
        <source>2 of 3 points beyond 2 sigma on the same side</source>
        <translation>2 de 3 puntos más allá de 2 sigma en el mismo lado</translation>
    </message>
    <message>
        <source>4 of 5 points beyond 1 sigma on the same side</source>
        <translation>4 de 5 puntos más allá de 1 sigma en el mismo lado</translation>
    </message>
    <message>
        <source>8 points in a row on the same side of the centre</source>
        <translation>8 puntos seguidos en el mismo lado del centro</translation>
    </message>
    <message>
        <source>9 points in a row on the same side of the centre</source>
        <translation>9 puntos seguidos en el mismo lado del centro</translation>
    </message>
    <message>
        <source>6 points in a row steadily increasing or decreasing</source>
        <translation>6 puntos seguidos en aumento o descenso continuo</translation>
    </message>
    <message>
        <source>14 points in a row alternating up and down</source>
        <translation>14 puntos seguidos alternando arriba y abajo</translation>
    </message>
    <message>
        <source>15 points in a row within 1 sigma of the centre</source>
        <translation>15 puntos seguidos a menos de 1 sigma del centro</translation>
    </message>
    <message>
        <source>8 points in a row beyond 1 sigma, on either side</source>
        <translation>8 puntos seguidos más allá de 1 sigma, a cualquier lado</translation>
    </message>
</context>
<context>
    <name>domain.statistics</name>
    <message>
        <source>Welch&apos;s t-test</source>
        <translation>prueba t de Welch</translation>
    </message>
    <message>
        <source>Mann-Whitney U test</source>
        <translation>prueba U de Mann-Whitney</translation>
    </message>
    <message>
        <source>two-proportion z-test</source>
        <translation>prueba z de dos proporciones</translation>
    </message>
    <message>
        <source>Fisher&apos;s exact test</source>
        <translation>Prueba exacta de Fisher</translation>
    </message>
    <message>
        <source>Not enough data: at least {count} measurements before and after are needed</source>
        <translation>No hay datos suficientes: se necesitan al menos {count} mediciones antes y después</translation>
    </message>
    <message>
        <source>A rate is measured as 0/1 outcomes (1 = the event happened).</source>
        <translation>Una tasa se mide como resultados 0/1 (1 = el suceso ocurrió).</translation>
    </message>
    <message>
        <source>from {before}% to {after}%</source>
        <translation>de {before}&#xa0;% a {after}&#xa0;%</translation>
    </message>
    <message>
        <source>No clear change ({p}): the difference may be chance</source>
        <translation>Sin cambio claro ({p}): la diferencia puede deberse al azar</translation>
    </message>
    <message>
        <source>Real improvement: {subject} fell{amount} ({evidence})</source>
        <translation>Mejora real: {subject} bajó{amount} ({evidence})</translation>
    </message>
    <message>
        <source>Real improvement: {subject} rose{amount} ({evidence})</source>
        <translation>Mejora real: {subject} subió{amount} ({evidence})</translation>
    </message>
    <message>
        <source>Got worse: {subject} fell{amount} ({evidence})</source>
        <translation>Empeoró: {subject} bajó{amount} ({evidence})</translation>
    </message>
    <message>
        <source>Got worse: {subject} rose{amount} ({evidence})</source>
        <translation>Empeoró: {subject} subió{amount} ({evidence})</translation>
    </message>
    <message>
        <source>the mean</source>
        <translation>la media</translation>
    </message>
    <message>
        <source>the median</source>
        <translation>la mediana</translation>
    </message>
    <message>
        <source>the rate</source>
        <translation>la tasa</translation>
    </message>
    <message>
        <source>median {name}</source>
        <translation>mediana de {name}</translation>
    </message>
</context>
<context>
    <name>domain.two_sample</name>
    <message>
        <source>Welch&apos;s t-test needs at least two values in each sample.</source>
        <translation>La prueba t de Welch necesita al menos dos valores en cada muestra.</translation>
    </message>
    <message>
        <source>Welch&apos;s t-test needs some spread in at least one sample.</source>
        <translation>La prueba t de Welch necesita algo de dispersión en al menos una muestra.</translation>
    </message>
    <message>
        <source>Hedges&apos; g needs at least two values in each sample.</source>
        <translation>La g de Hedges necesita al menos dos valores en cada muestra.</translation>
    </message>
    <message>
        <source>Hedges&apos; g needs some spread in the samples.</source>
        <translation>La g de Hedges necesita algo de dispersión en las muestras.</translation>
    </message>
    <message>
        <source>The Mann-Whitney test needs at least one value in each sample.</source>
        <translation>La prueba de Mann-Whitney necesita al menos un valor en cada muestra.</translation>
    </message>
</context>
<context>
    <name>domain.verdict</name>
    <message>
        <source>Welch&apos;s t-test</source>
        <translation>prueba t de Welch</translation>
    </message>
    <message>
        <source>Mann-Whitney test</source>
        <translation>prueba de Mann-Whitney</translation>
    </message>
    <message>
        <source>p not available</source>
        <translation>p no disponible</translation>
    </message>
    <message>
        <source>, one-sided</source>
        <translation>, unilateral</translation>
    </message>
    <message>
        <source>No clear change in {subject}: the difference is within what chance gives ({test}{sided}, {p}{check}).</source>
        <translation>Sin cambio claro en {subject}: la diferencia está dentro de lo que da el azar ({test}{sided}, {p}{check}).</translation>
    </message>
    <message>
        <source>Too few samples to tell: {before} before and {after} after. {test}{one_sided} gives {p}, but with so few values the rank test cannot confirm it (it cannot go below p = {floor}). About {needed} per phase are needed (80% power, 5% significance).</source>
        <translation>Muy pocas muestras para saberlo: {before} antes y {after} después. {test}{one_sided} da {p}, pero con tan pocos valores la prueba de rangos no puede confirmarlo (no puede bajar de p = {floor}). Se necesitan unas {needed} por fase (potencia del 80&#xa0;%, significación del 5&#xa0;%).</translation>
    </message>
    <message>
        <source> (one-sided)</source>
        <translation> (unilateral)</translation>
    </message>
    <message>
        <source>Not proven: the two tests disagree, so no real improvement is claimed. Likely reason: {reason}. {test} (the primary test{sided}) gives {p}; the {other} gives {other_p}.</source>
        <translation>No demostrado: las dos pruebas no coinciden, así que no se afirma una mejora real. Motivo probable: {reason}. {test} (la prueba principal{sided}) da {p}; la {other} da {other_p}.</translation>
    </message>
    <message>
        <source>Real improvement: {subject} fell{amount}{by}. {test}{sided}: {p}; {ci}{check}.</source>
        <translation>Mejora real: {subject} bajó{amount}{by}. {test}{sided}: {p}; {ci}{check}.</translation>
    </message>
    <message>
        <source>Real improvement: {subject} rose{amount}{by}. {test}{sided}: {p}; {ci}{check}.</source>
        <translation>Mejora real: {subject} subió{amount}{by}. {test}{sided}: {p}; {ci}{check}.</translation>
    </message>
    <message>
        <source>Got worse: {subject} fell{amount}{by}. {test}{sided}: {p}; {ci}{check}.</source>
        <translation>Empeoró: {subject} bajó{amount}{by}. {test}{sided}: {p}; {ci}{check}.</translation>
    </message>
    <message>
        <source>Got worse: {subject} rose{amount}{by}. {test}{sided}: {p}; {ci}{check}.</source>
        <translation>Empeoró: {subject} subió{amount}{by}. {test}{sided}: {p}; {ci}{check}.</translation>
    </message>
    <message>
        <source>one extreme value lies far from the rest; it pulls the mean the t-test uses, while the rank test barely feels it</source>
        <translation>un valor extremo está lejos del resto; arrastra la media que usa la prueba t, mientras que la prueba de rangos apenas lo nota</translation>
    </message>
    <message>
        <source>a few extreme values ({count}) lie far from the rest; they pull the mean the t-test uses, while the rank test barely feels them</source>
        <translation>unos pocos valores extremos ({count}) están lejos del resto; arrastran la media que usa la prueba t, mientras que la prueba de rangos apenas los nota</translation>
    </message>
    <message>
        <source>the spread changed a lot between before and after, not only the level</source>
        <translation>la dispersión cambió mucho entre antes y después, no solo el nivel</translation>
    </message>
    <message>
        <source>the result sits close to the significance line; more samples will settle it</source>
        <translation>el resultado está cerca del umbral de significación; más muestras lo aclararán</translation>
    </message>
    <message>
        <source>the shapes of the two samples differ (skew or ties)</source>
        <translation>las formas de las dos muestras difieren (asimetría o empates)</translation>
    </message>
    <message>
        <source>Too few samples to tell: {before} before and {after} after.</source>
        <translation>Muy pocas muestras para saberlo: {before} antes y {after} después.</translation>
    </message>
    <message>
        <source>{head} Record at least 2 measurements in the before phase.</source>
        <translation>{head} Registra al menos 2 mediciones en la fase de antes.</translation>
    </message>
    <message>
        <source>{head} Record at least 2 measurements in the after phase.</source>
        <translation>{head} Registra al menos 2 mediciones en la fase de después.</translation>
    </message>
    <message>
        <source>{head} Record at least 2 measurements in each phase.</source>
        <translation>{head} Registra al menos 2 mediciones en cada fase.</translation>
    </message>
    <message>
        <source>the hoped-for change of {size}</source>
        <translation>el cambio esperado de {size}</translation>
    </message>
    <message>
        <source>a change of the size seen</source>
        <translation>un cambio del tamaño observado</translation>
    </message>
    <message>
        <source>{head} About {needed} per phase are needed to detect {change} (80% power, 5% significance).</source>
        <translation>{head} Se necesitan unas {needed} por fase para detectar {change} (potencia del 80&#xa0;%, significación del 5&#xa0;%).</translation>
    </message>
    <message>
        <source> (by {size})</source>
        <translation> (en {size})</translation>
    </message>
    <message>
        <source> (a typical shift of {size})</source>
        <translation> (un desplazamiento típico de {size})</translation>
    </message>
    <message>
        <source>difference</source>
        <translation>diferencia</translation>
    </message>
    <message>
        <source>Hodges-Lehmann shift</source>
        <translation>desplazamiento de Hodges-Lehmann</translation>
    </message>
    <message>
        <source>95% upper bound {high}</source>
        <translation>límite superior 95&#xa0;% {high}</translation>
    </message>
    <message>
        <source>95% lower bound {low}</source>
        <translation>límite inferior 95&#xa0;% {low}</translation>
    </message>
    <message>
        <source>95% CI {low} to {high}</source>
        <translation>IC 95&#xa0;% {low} a {high}</translation>
    </message>
    <message>
        <source>; {test} agrees, {p}</source>
        <translation>; {test} coincide, {p}</translation>
    </message>
    <message>
        <source>; {test} as a robustness check, {p}</source>
        <translation>; {test} como comprobación de robustez, {p}</translation>
    </message>
    <message>
        <source>the metric</source>
        <translation>la métrica</translation>
    </message>
</context>
<context>
    <name>mining.builder</name>
    <message>
        <source>More than 128 different lifecycle transitions: is the lifecycle column the right one?</source>
        <translation>Más de 128 transiciones de ciclo de vida distintas: ¿es la columna de ciclo de vida la correcta?</translation>
    </message>
    <message>
        <source>The file holds no events.</source>
        <translation>El archivo no contiene eventos.</translation>
    </message>
    <message>
        <source>{count} duplicate event(s): {what} {line} repeats {what} {first} (same case, activity, timestamp, resource and lifecycle). Remove the duplicates, then import again.</source>
        <translation>{count} evento(s) duplicado(s): {what} {line} repite {what} {first} (mismo caso, actividad, marca de tiempo, recurso y ciclo de vida). Elimina los duplicados y vuelve a importar.</translation>
    </message>
    <message>
        <source>line</source>
        <translation>línea</translation>
    </message>
    <message>
        <source>event</source>
        <translation>evento</translation>
    </message>
</context>
<context>
    <name>mining.conformance</name>
    <message>
        <source>skipped {steps} between {source} and {target}</source>
        <translation>se omitió {steps} entre {source} y {target}</translation>
    </message>
    <message>
        <source>{step} is not a step of the map</source>
        <translation>{step} no es un paso del mapa</translation>
    </message>
    <message>
        <source>{target} after {source}: out of the map&apos;s order</source>
        <translation>{target} después de {source}: fuera del orden del mapa</translation>
    </message>
    <message>
        <source>{source} → {target} is not a flow of the map</source>
        <translation>{source} → {target} no es un flujo del mapa</translation>
    </message>
</context>
<context>
    <name>mining.csv_reader</name>
    <message>
        <source>The file is empty: no header row.</source>
        <translation>El archivo está vacío: no hay fila de cabecera.</translation>
    </message>
    <message>
        <source>Unknown column role &apos;{role}&apos;.</source>
        <translation>Función de columna desconocida &apos;{role}&apos;.</translation>
    </message>
    <message>
        <source>The file has no column &apos;{name}&apos; for the {role}; its columns are: {columns}.</source>
        <translation>El archivo no tiene la columna &apos;{name}&apos; para {role}; sus columnas son: {columns}.</translation>
    </message>
    <message>
        <source>Missing column: no column for the {role} (looked for {names}, ...). Name it with --{role} COL; the file&apos;s columns are: {columns}.</source>
        <translation>Falta una columna: no hay columna para {role} (se buscó {names}, ...). Indícala con --{role} COL; las columnas del archivo son: {columns}.</translation>
    </message>
    <message>
        <source>One column was given two roles.</source>
        <translation>Se asignaron dos funciones a una misma columna.</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text (byte {start} of a line cannot be read); save it as CSV UTF-8.</source>
        <translation>El archivo no es texto UTF-8 (no se puede leer el byte {start} de una línea); guárdalo como CSV UTF-8.</translation>
    </message>
    <message>
        <source>The file cannot be read as CSV: {error}.</source>
        <translation>El archivo no se puede leer como CSV: {error}.</translation>
    </message>
    <message>
        <source>Line {line} has {count} fields; the header has {header_width}.</source>
        <translation>La línea {line} tiene {count} campos; la cabecera tiene {header_width}.</translation>
    </message>
    <message>
        <source>Line {line}: the {role} ({column}) is empty.</source>
        <translation>Línea {line}: {role} ({column}) está vacío.</translation>
    </message>
    <message>
        <source>Line {line}: the timestamp &apos;{text}&apos; cannot be read; write it as 2011-10-11 13:45:40 or 2011-10-11T13:45:40+02:00.</source>
        <translation>Línea {line}: no se puede leer la marca de tiempo &apos;{text}&apos;; escríbela como 2011-10-11 13:45:40 o 2011-10-11T13:45:40+02:00.</translation>
    </message>
    <message>
        <source>No such file: {path}</source>
        <translation>No existe el archivo: {path}</translation>
    </message>
</context>
<context>
    <name>mining.filters</name>
    <message>
        <source>Give a percentage from 0 to 100 (got {percent!r}).</source>
        <translation>Indica un porcentaje de 0 a 100 (se recibió {percent!r}).</translation>
    </message>
    <message>
        <source>The window ends before it starts.</source>
        <translation>La ventana termina antes de empezar.</translation>
    </message>
    <message>
        <source>Unknown window mode &apos;{mode}&apos;.</source>
        <translation>Modo de ventana desconocido &apos;{mode}&apos;.</translation>
    </message>
    <message>
        <source>Unknown attribute &apos;{attribute}&apos;: use resource, activity or lifecycle.</source>
        <translation>Atributo desconocido &apos;{attribute}&apos;: usa resource, activity o lifecycle.</translation>
    </message>
    <message>
        <source>Unknown attribute filter mode &apos;{mode}&apos;.</source>
        <translation>Modo de filtro de atributos desconocido &apos;{mode}&apos;.</translation>
    </message>
</context>
<context>
    <name>mining.kpi_series</name>
    <message>
        <source>Pick a measure: {measures} (not {measure!r}).</source>
        <translation>Elige una medida: {measures} (no {measure!r}).</translation>
    </message>
    <message>
        <source>Pick a period: week or month (not {period!r}).</source>
        <translation>Elige un periodo: week o month (no {period!r}).</translation>
    </message>
</context>
<context>
    <name>mining.log</name>
    <message>
        <source>Import cancelled: nothing was imported.</source>
        <translation>Importación cancelada: no se ha importado nada.</translation>
    </message>
</context>
<context>
    <name>mining.xes_reader</name>
    <message>
        <source>No such file: {path}</source>
        <translation>No existe el archivo: {path}</translation>
    </message>
    <message>
        <source>The file is not well-formed XES (line {line}): {error}.</source>
        <translation>El archivo no es XES bien formado (línea {line}): {error}.</translation>
    </message>
    <message>
        <source>The file cannot be read: {error}.</source>
        <translation>El archivo no se puede leer: {error}.</translation>
    </message>
    <message>
        <source>Trace {traces} has no case name (concept:name).</source>
        <translation>La traza {traces} no tiene nombre de caso (concept:name).</translation>
    </message>
    <message>
        <source>Empty case: trace {traces} (&apos;{case_name}&apos;) has no events.</source>
        <translation>Caso vacío: la traza {traces} (&apos;{case_name}&apos;) no tiene eventos.</translation>
    </message>
    <message>
        <source>This is not an XES log: it has no &lt;log&gt; element.</source>
        <translation>Esto no es un registro XES: no tiene elemento &lt;log&gt;.</translation>
    </message>
    <message>
        <source>Event {number} (trace {trace}) has no activity (concept:name).</source>
        <translation>El evento {number} (traza {trace}) no tiene actividad (concept:name).</translation>
    </message>
    <message>
        <source>Event {number} (trace {trace}) has no timestamp (time:timestamp).</source>
        <translation>El evento {number} (traza {trace}) no tiene marca de tiempo (time:timestamp).</translation>
    </message>
    <message>
        <source>Event {number}: the timestamp &apos;{text}&apos; cannot be read.</source>
        <translation>Evento {number}: no se puede leer la marca de tiempo &apos;{text}&apos;.</translation>
    </message>
</context>
<context>
    <name>reports</name>
    <message>
        <source>Unknown report format {fmt!r}; pick one of {names}.</source>
        <translation>Formato de informe desconocido {fmt!r}; elige uno de {names}.</translation>
    </message>
</context>
<context>
    <name>reports.a3</name>
    <message>
        <source>Not filled in yet.</source>
        <translation>Aún sin rellenar.</translation>
    </message>
    <message>
        <source>none named</source>
        <translation>ninguno indicado</translation>
    </message>
    <message>
        <source>Area: {area}. Wastes attacked: {wastes}. Suggested by {person} on {day}.</source>
        <translation>Área: {area}. Despilfarros atacados: {wastes}. Propuesta de {person} el {day}.</translation>
    </message>
    <message>
        <source>Expected savings: {amount} a year.</source>
        <translation>Ahorros esperados: {amount} al año.</translation>
    </message>
    <message>
        <source>{metric}: {mean} {unit} on average before the change (n = {n}).</source>
        <translation>{metric}: {mean} {unit} de media antes del cambio (n = {n}).</translation>
    </message>
    <message>
        <source>As first suggested: {proposal}</source>
        <translation>Propuesta original: {proposal}</translation>
    </message>
    <message>
        <source>Stage: {stage}. Idea status: {status}.</source>
        <translation>Etapa: {stage}. Estado de la idea: {status}.</translation>
    </message>
    <message>
        <source>Decision: {decision}.</source>
        <translation>Decisión: {decision}.</translation>
    </message>
    <message>
        <source>Standard changed: {change}</source>
        <translation>Estándar modificado: {change}</translation>
    </message>
    <message>
        <source>Shared with: {note}</source>
        <translation>Compartido con: {note}</translation>
    </message>
    <message>
        <source>Next: check the results, then adopt, adapt or abandon the change.</source>
        <translation>Siguiente: verifica los resultados y luego adopta, adapta o abandona el cambio.</translation>
    </message>
    <message>
        <source>no owner yet</source>
        <translation>aún sin responsable</translation>
    </message>
    <message>
        <source>No target set yet.</source>
        <translation>Aún no hay objetivo.</translation>
    </message>
    <message>
        <source>Target: {metric} from {start} to {end} by {day}.</source>
        <translation>Objetivo: {metric} de {start} a {end} para el {day}.</translation>
    </message>
    <message>
        <source>Target: {metric} from {start} to {end}.</source>
        <translation>Objetivo: {metric} de {start} a {end}.</translation>
    </message>
    <message>
        <source>Target: {metric} to {end} by {day}.</source>
        <translation>Objetivo: {metric} a {end} para el {day}.</translation>
    </message>
    <message>
        <source>Target: {metric} to {end}.</source>
        <translation>Objetivo: {metric} a {end}.</translation>
    </message>
    <message>
        <source>Target: {metric} by {day}.</source>
        <translation>Objetivo: {metric} para el {day}.</translation>
    </message>
    <message>
        <source>Target: {metric}.</source>
        <translation>Objetivo: {metric}.</translation>
    </message>
</context>
<context>
    <name>reports.a3_pdf</name>
    <message>
        <source>1  Background</source>
        <translation>1  Contexto</translation>
    </message>
    <message>
        <source>2  Current condition</source>
        <translation>2  Situación actual</translation>
    </message>
    <message>
        <source>3  Root cause: 5 whys</source>
        <translation>3  Causa raíz: 5 porqués</translation>
    </message>
    <message>
        <source>4  Countermeasures</source>
        <translation>4  Contramedidas</translation>
    </message>
    <message>
        <source>5  Plan</source>
        <translation>5  Plan</translation>
    </message>
    <message>
        <source>6  Results</source>
        <translation>6  Resultados</translation>
    </message>
    <message>
        <source>7  Follow-up</source>
        <translation>7  Seguimiento</translation>
    </message>
    <message>
        <source>A3 report · PDCA cycle {cycle} ({stage}) · Area: {area} · Owner: {owner} · Suggested by {person} · Printed {day}</source>
        <translation>Informe A3 · Ciclo PDCA {cycle} ({stage}) · Área: {area} · Responsable: {owner} · Propuesta de {person} · Impreso el {day}</translation>
    </message>
    <message>
        <source>No whys asked yet.</source>
        <translation>Aún no se han hecho porqués.</translation>
    </message>
    <message>
        <source>Root cause: {cause}</source>
        <translation>Causa raíz: {cause}</translation>
    </message>
    <message>
        <source>, due {day}</source>
        <translation>, vence el {day}</translation>
    </message>
    <message>
        <source>No actions planned yet.</source>
        <translation>Aún no hay acciones planificadas.</translation>
    </message>
    <message>
        <source>No measurements recorded yet: record before and after samples in Measurements.</source>
        <translation>Aún no hay mediciones: registra muestras de antes y después en Mediciones.</translation>
    </message>
    <message>
        <source>Check: {result}</source>
        <translation>Verificación: {result}</translation>
    </message>
</context>
<context>
    <name>reports.capability_data</name>
    <message>
        <source>Sigma level: the expected DPMO read as a short-term sigma with the usual 1.5-sigma shift (a DPMO of 3.4 is 6 sigma).</source>
        <translation>Nivel sigma: el DPMO esperado leído como sigma a corto plazo con el desplazamiento habitual de 1,5 sigma (un DPMO de 3,4 es 6 sigma).</translation>
    </message>
    <message>
        <source>Cp and Cpk use the within-subgroup sigma (R-bar/d2 for subgroups, the moving range for single values); Pp and Ppk the overall standard deviation.</source>
        <translation>Cp y Cpk usan la sigma dentro de los subgrupos (R-barra/d2 para subgrupos, el rango móvil para valores individuales); Pp y Ppk la desviación típica total.</translation>
    </message>
    <message>
        <source>target {value}</source>
        <translation>objetivo {value}</translation>
    </message>
</context>
<context>
    <name>reports.csv_export</name>
    <message>
        <source>Unknown table {table!r}: pick ledger, changes, capability or thanks.</source>
        <translation>Tabla desconocida {table!r}: elige ledger, changes, capability o thanks.</translation>
    </message>
</context>
<context>
    <name>reports.data</name>
    <message>
        <source>All areas</source>
        <translation>Todas las áreas</translation>
    </message>
    <message>
        <source>{name} · cycle {cycle}</source>
        <translation>{name} · ciclo {cycle}</translation>
    </message>
    <message>
        <source>Improvement report {month}</source>
        <translation>Informe de mejora {month}</translation>
    </message>
    <message>
        <source>Area #{number} does not exist.</source>
        <translation>El área #{number} no existe.</translation>
    </message>
    <message>
        <source>Ideas submitted</source>
        <translation>Ideas enviadas</translation>
    </message>
    <message>
        <source>Active people</source>
        <translation>Personas activas</translation>
    </message>
    <message>
        <source>Ideas per person per year</source>
        <translation>Ideas por persona al año</translation>
    </message>
    <message>
        <source>Participation</source>
        <translation>Participación</translation>
    </message>
    <message>
        <source>Implementation rate</source>
        <translation>Tasa de implantación</translation>
    </message>
    <message>
        <source>Median days to done</source>
        <translation>Mediana de días hasta hecho</translation>
    </message>
    <message>
        <source>Validated savings</source>
        <translation>Ahorros validados</translation>
    </message>
    <message>
        <source>Overdue actions at month end</source>
        <translation>Acciones vencidas</translation>
    </message>
    <message>
        <source>Stalled cards at month end</source>
        <translation>Tarjetas estancadas</translation>
    </message>
</context>
<context>
    <name>reports.list_export</name>
    <message>
        <source>The ideas are filtered with an idea filter.</source>
        <translation>Las ideas se filtran con un filtro de ideas.</translation>
    </message>
    <message>
        <source>Ideas</source>
        <translation>Ideas</translation>
    </message>
    <message>
        <source>The observations are filtered with an observation filter.</source>
        <translation>Las observaciones se filtran con un filtro de observaciones.</translation>
    </message>
    <message>
        <source>Waste walk</source>
        <translation>Ronda de despilfarros</translation>
    </message>
    <message>
        <source>There is no list called {which!r}: ideas or observations.</source>
        <translation>No hay ninguna lista llamada {which!r}: ideas u observations.</translation>
    </message>
    <message>
        <source>Export as csv or xlsx, not {fmt!r}.</source>
        <translation>Exporta como csv o xlsx, no {fmt!r}.</translation>
    </message>
</context>
<context>
    <name>reports.pdf</name>
    <message>
        <source>{change} pts</source>
        <translation>{change} pts</translation>
    </message>
    <message>
        <source>{site} · Improvement report</source>
        <translation>{site} · Informe de mejora</translation>
    </message>
    <message>
        <source>Generated {moment} with Kaizen</source>
        <translation>Generado el {moment} con Kaizen</translation>
    </message>
    <message>
        <source>Page {number} of {total}</source>
        <translation>Página {number} de {total}</translation>
    </message>
    <message>
        <source>Improvement report</source>
        <translation>Informe de mejora</translation>
    </message>
    <message>
        <source>{change} vs {month}</source>
        <translation>{change} vs. {month}</translation>
    </message>
    <message>
        <source>at month end</source>
        <translation>a fin de mes</translation>
    </message>
    <message>
        <source>Year to date {value}</source>
        <translation>En el año {value}</translation>
    </message>
    <message>
        <source>The month in figures</source>
        <translation>El mes en cifras</translation>
    </message>
    <message>
        <source>{month} against {previous} and the year to date; money in {currency}.</source>
        <translation>{month} frente a {previous} y lo que va de año; importes en {currency}.</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Cifra</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <source>Year to date</source>
        <translation>En el año</translation>
    </message>
    <message>
        <source>Participation: active people who submitted an idea ÷ active people. Implementation rate: standardised ÷ decided (standardised, abandoned or rejected).</source>
        <translation>Participación: personas activas que enviaron una idea ÷ personas activas. Tasa de implantación: estandarizadas ÷ decididas (estandarizadas, abandonadas o rechazadas).</translation>
    </message>
    <message>
        <source>{changes} change completed ({standardised} standardised, {abandoned} abandoned); {real} of {tested} measured result a real improvement.</source>
        <translation>{changes} cambio completado ({standardised} estandarizados, {abandoned} abandonados); {real} de {tested} resultado medido es una mejora real.</translation>
    </message>
    <message>
        <source>{changes} change completed ({standardised} standardised, {abandoned} abandoned); {real} of {tested} measured results a real improvement.</source>
        <translation>{changes} cambio completado ({standardised} estandarizados, {abandoned} abandonados); {real} de {tested} resultados medidos son una mejora real.</translation>
    </message>
    <message>
        <source>{changes} changes completed ({standardised} standardised, {abandoned} abandoned); {real} of {tested} measured result a real improvement.</source>
        <translation>{changes} cambios completados ({standardised} estandarizados, {abandoned} abandonados); {real} de {tested} resultado medido es una mejora real.</translation>
    </message>
    <message>
        <source>{changes} changes completed ({standardised} standardised, {abandoned} abandoned); {real} of {tested} measured results a real improvement.</source>
        <translation>{changes} cambios completados ({standardised} estandarizados, {abandoned} abandonados); {real} de {tested} resultados medidos son una mejora real.</translation>
    </message>
    <message>
        <source>{open} cards open on the board at month end, {stalled} stalled ({days} days or more in one stage).</source>
        <translation>{open} tarjetas abiertas en el tablero a fin de mes, {stalled} estancadas ({days} días o más en una etapa).</translation>
    </message>
    <message>
        <source>Costliest waste seen this month: {waste}, {cost} a year ({share}% of {total}).</source>
        <translation>Despilfarro más costoso del mes: {waste}, {cost} al año ({share}&#xa0;% de {total}).</translation>
    </message>
    <message>
        <source>In brief</source>
        <translation>En resumen</translation>
    </message>
    <message>
        <source>Savings so far this year</source>
        <translation>Ahorros en lo que va de año</translation>
    </message>
    <message>
        <source>Validated actual savings, stacked by kind, against the forecast; running totals from January, in {currency}.</source>
        <translation>Ahorros reales validados, apilados por tipo, frente a la previsión; totales acumulados desde enero, en {currency}.</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>Month total</source>
        <translation>Del mes</translation>
    </message>
    <message>
        <source>Total so far</source>
        <translation>Acumulado</translation>
    </message>
    <message>
        <source>Forecast so far</source>
        <translation>Previsión acum.</translation>
    </message>
    <message>
        <source>Only validated entries count as actual savings; corrections net into the month they correct. Forecasts are shown as planned.</source>
        <translation>Solo las entradas validadas cuentan como ahorros reales; las correcciones se compensan en el mes que corrigen. Las previsiones se muestran según lo planificado.</translation>
    </message>
    <message>
        <source>Where waste cost most</source>
        <translation>Dónde costó más el despilfarro</translation>
    </message>
    <message>
        <source>Waste observed in {month}, priced per year: (minutes lost × hourly rate + cost) × occurrences a week × 52.</source>
        <translation>Despilfarro observado en {month}, valorado al año: (minutos perdidos × tarifa por hora + coste) × veces por semana × 52.</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>Despilfarro</translation>
    </message>
    <message>
        <source>Observations</source>
        <translation>Número</translation>
    </message>
    <message>
        <source>Yearly cost ({currency})</source>
        <translation>Coste/año ({currency})</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Proporción</translation>
    </message>
    <message>
        <source>Cumulative share</source>
        <translation>% acumulado</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>No waste was observed in this month.</source>
        <translation>No se observó ningún despilfarro en este mes.</translation>
    </message>
</context>
<context>
    <name>reports.pdf_capability</name>
    <message>
        <source>Spread against the spec width, if centred</source>
        <translation>Dispersión frente a la anchura de la tolerancia, si está centrada</translation>
    </message>
    <message>
        <source>Spread and centring: the worse side</source>
        <translation>Dispersión y centrado: el lado peor</translation>
    </message>
    <message>
        <source>As Cp, from the overall spread</source>
        <translation>Como Cp, a partir de la dispersión total</translation>
    </message>
    <message>
        <source>As Cpk, from the overall spread</source>
        <translation>Como Cpk, a partir de la dispersión total</translation>
    </message>
    <message>
        <source>Expected defects per million</source>
        <translation>Defectos esperados por millón</translation>
    </message>
    <message>
        <source>Short-term sigma, 1.5-sigma shift</source>
        <translation>Sigma a corto plazo, desplazamiento de 1,5 sigma</translation>
    </message>
    <message>
        <source>Sigma level</source>
        <translation>Nivel sigma</translation>
    </message>
    <message>
        <source>Idea and metric</source>
        <translation>Idea y métrica</translation>
    </message>
    <message>
        <source>Specs</source>
        <translation>Especificación</translation>
    </message>
    <message>
        <source>Process capability (continued)</source>
        <translation>Capacidad del proceso (continuación)</translation>
    </message>
    <message>
        <source>Process capability</source>
        <translation>Capacidad del proceso</translation>
    </message>
    <message>
        <source>Metrics with spec limits of the changes completed in {month}. Each figure: before → after the change, green when better.</source>
        <translation>Métricas con límites de especificación de los cambios completados en {month}. Cada cifra: antes → después del cambio, en verde si mejora.</translation>
    </message>
    <message>
        <source>Capability: {metric}</source>
        <translation>Capacidad: {metric}</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Cifra</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Después</translation>
    </message>
    <message>
        <source>What it says</source>
        <translation>Qué indica</translation>
    </message>
    <message>
        <source>Subgroups of {size}.</source>
        <translation>Subgrupos de {size}.</translation>
    </message>
</context>
<context>
    <name>reports.pdf_kpi</name>
    <message>
        <source>Process</source>
        <translation>Proceso</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Ahora</translation>
    </message>
    <message>
        <source>Better by</source>
        <translation>Mejor en</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Process KPIs (continued)</source>
        <translation>KPI del proceso (continuación)</translation>
    </message>
    <message>
        <source>Process KPIs</source>
        <translation>KPI del proceso</translation>
    </message>
    <message>
        <source>Up to the end of {month}. Chart: {process}, {series}.</source>
        <translation>Hasta el final de {month}. Gráfico: {process}, {series}.</translation>
    </message>
    <message>
        <source>Before and now: the centre line of the phase before the last completed change and of the newest phase (XmR, limits from each phase&apos;s first 20 points). Better by: the change in % of before, positive when better. Not holding: points signal on the worse side of the new level.</source>
        <translation>Antes y ahora: la línea central de la fase anterior al último cambio completado y de la fase más reciente (XmR, límites a partir de los 20 primeros puntos de cada fase). Mejor en: el cambio en % respecto a antes, positivo si mejora. No se mantiene: hay puntos que señalan en el lado peor del nuevo nivel.</translation>
    </message>
    <message>
        <source>{points} points, {changes} change(s)</source>
        <translation>{points} puntos, {changes} cambio(s)</translation>
    </message>
    <message>
        <source>Holding</source>
        <translation>Se mantiene</translation>
    </message>
    <message>
        <source>Improvement not holding</source>
        <translation>La mejora no se mantiene</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Señal</translation>
    </message>
    <message>
        <source>No change yet</source>
        <translation>Sin cambio aún</translation>
    </message>
    <message>
        <source>Too few points</source>
        <translation>Muy pocos puntos</translation>
    </message>
</context>
<context>
    <name>reports.pdf_sections</name>
    <message>
        <source>Standardised {day}, {cycles} cycles · {area}</source>
        <translation>Estandarizada el {day}, {cycles} ciclos · {area}</translation>
    </message>
    <message>
        <source>Abandoned {day}, {cycles} cycles · {area}</source>
        <translation>Abandonada el {day}, {cycles} ciclos · {area}</translation>
    </message>
    <message>
        <source>Standardised {day} · {area}</source>
        <translation>Estandarizada el {day} · {area}</translation>
    </message>
    <message>
        <source>Abandoned {day} · {area}</source>
        <translation>Abandonada el {day} · {area}</translation>
    </message>
    <message>
        <source>No metric recorded</source>
        <translation>Ninguna métrica registrada</translation>
    </message>
    <message>
        <source>cycle {number}</source>
        <translation>ciclo {number}</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Métrica</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Después</translation>
    </message>
    <message>
        <source>Better by</source>
        <translation>Mejor en</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Veredicto</translation>
    </message>
    <message>
        <source>Changes completed (continued)</source>
        <translation>Cambios completados (continuación)</translation>
    </message>
    <message>
        <source>Changes completed</source>
        <translation>Cambios completados</translation>
    </message>
    <message>
        <source>Ideas closed in {month} as standardised or abandoned: each metric&apos;s mean before and after, and whether the difference is real (two-sided test at the 5% level).</source>
        <translation>Ideas cerradas en {month} como estandarizadas o abandonadas: la media de cada métrica antes y después, y si la diferencia es real (prueba bilateral al nivel del 5&#xa0;%).</translation>
    </message>
    <message>
        <source>No change was completed in this month.</source>
        <translation>No se completó ningún cambio en este mes.</translation>
    </message>
    <message>
        <source>… and {extra} more: the first {limit} changes closed in the month are listed; the spreadsheet (XLSX) and the CSV list them all.</source>
        <translation>… y {extra} más: se listan los primeros {limit} cambios cerrados en el mes; la hoja de cálculo (XLSX) y el CSV los recogen todos.</translation>
    </message>
    <message>
        <source>Before and after: the means. Better by: the change in % of before, positive when better; of the means for Welch&apos;s t-test, of the medians for the Mann-Whitney U test (chosen when the data are skewed or few). Real: p below 0.05.</source>
        <translation>Antes y después: las medias. Mejor en: el cambio en % respecto a antes, positivo si mejora; de las medias para la prueba t de Welch, de las medianas para la prueba U de Mann-Whitney (elegida cuando los datos son asimétricos o escasos). Real: p por debajo de 0,05.</translation>
    </message>
    <message>
        <source>Stalled item</source>
        <translation>Elemento estancado</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>In stage since</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Días</translation>
    </message>
    <message>
        <source>the end of {month}</source>
        <translation>el final de {month}</translation>
    </message>
    <message>
        <source>The board at month end</source>
        <translation>El tablero a fin de mes</translation>
    </message>
    <message>
        <source>Cards open at {when}, by stage; Done counts the changes closed in the month.</source>
        <translation>Tarjetas abiertas a {when}, por etapa; Hecho cuenta los cambios cerrados en el mes.</translation>
    </message>
    <message>
        <source>this month</source>
        <translation>este mes</translation>
    </message>
    <message>
        <source>{count} stalled</source>
        <translation>{count} estancadas</translation>
    </message>
    <message>
        <source>none stalled</source>
        <translation>ninguna estancada</translation>
    </message>
    <message>
        <source>Stalled: {count} card {days} days or more in one stage</source>
        <translation>Estancadas: {count} tarjeta {days} días o más en una etapa</translation>
    </message>
    <message>
        <source>Stalled: {count} cards {days} days or more in one stage</source>
        <translation>Estancadas: {count} tarjetas {days} días o más en una etapa</translation>
    </message>
    <message>
        <source>Nothing stalled: every open card moved within {days} days.</source>
        <translation>Nada estancado: todas las tarjetas abiertas avanzaron en {days} días.</translation>
    </message>
    <message>
        <source>The {count} longest waiting are listed; {extra} more are in the spreadsheet.</source>
        <translation>Se listan las {count} que más esperan; {extra} más están en la hoja de cálculo.</translation>
    </message>
    <message>
        <source>Stalled items (continued)</source>
        <translation>Elementos estancados (continuación)</translation>
    </message>
    <message>
        <source>{days} days or more in one stage, longest waiting first.</source>
        <translation>{days} días o más en una etapa, primero las que más esperan.</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personas</translation>
    </message>
    <message>
        <source>Who suggested most in {month}, and how many took part in each area (an area counts the areas below it).</source>
        <translation>Quién propuso más en {month} y cuántos participaron en cada área (un área incluye las áreas que tiene debajo).</translation>
    </message>
    <message>
        <source>Top contributors</source>
        <translation>Quienes más aportan</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <source>Home area</source>
        <translation>Área de origen</translation>
    </message>
    <message>
        <source>Ideas this month</source>
        <translation>Ideas del mes</translation>
    </message>
    <message>
        <source>Implemented</source>
        <translation>Implantadas</translation>
    </message>
    <message>
        <source>Ideas this year</source>
        <translation>Ideas del año</translation>
    </message>
    <message>
        <source>Nobody submitted an idea in this month.</source>
        <translation>Nadie envió una idea en este mes.</translation>
    </message>
    <message>
        <source>Participation by area</source>
        <translation>Participación por área</translation>
    </message>
    <message>
        <source>Active people, who of them took part, and the ideas submitted.</source>
        <translation>Personas activas, quiénes participaron y las ideas enviadas.</translation>
    </message>
    <message>
        <source>Active people</source>
        <translation>Activas</translation>
    </message>
    <message>
        <source>Took part</source>
        <translation>Participaron</translation>
    </message>
    <message>
        <source>Participation</source>
        <translation>Participación</translation>
    </message>
    <message>
        <source>Ideas submitted</source>
        <translation>Ideas enviadas</translation>
    </message>
    <message>
        <source>… and {extra} more area: the spreadsheet lists every area.</source>
        <translation>… y {extra} área más: la hoja de cálculo recoge todas las áreas.</translation>
    </message>
    <message>
        <source>… and {extra} more areas: the spreadsheet lists every area.</source>
        <translation>… y {extra} áreas más: la hoja de cálculo recoge todas las áreas.</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>Thanks to</source>
        <translation>Gracias a</translation>
    </message>
    <message>
        <source>Savings ({currency})</source>
        <translation>Ahorro ({currency})</translation>
    </message>
    <message>
        <source>Thank you (continued)</source>
        <translation>Gracias (continuación)</translation>
    </message>
    <message>
        <source>Thank you</source>
        <translation>Gracias</translation>
    </message>
    <message>
        <source>The people behind the ideas standardised in {month}: who suggested them and who carried them through.</source>
        <translation>Las personas detrás de las ideas estandarizadas en {month}: quién las propuso y quién las llevó a cabo.</translation>
    </message>
    <message>
        <source>No idea was standardised in this month.</source>
        <translation>No se estandarizó ninguna idea en este mes.</translation>
    </message>
</context>
<context>
    <name>reports.xlsx</name>
    <message>
        <source>Process</source>
        <translation>Proceso</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <source>Better when</source>
        <translation>Mejor si es</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Puntos</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Cambios</translation>
    </message>
    <message>
        <source>Level before</source>
        <translation>Nivel antes</translation>
    </message>
    <message>
        <source>Level now</source>
        <translation>Nivel ahora</translation>
    </message>
    <message>
        <source>Better by</source>
        <translation>Mejor en</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Last point</source>
        <translation>Último punto</translation>
    </message>
    <message>
        <source>Process KPIs</source>
        <translation>KPI del proceso</translation>
    </message>
    <message>
        <source>Capability</source>
        <translation>Capacidad</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>sigma level (1.5-sigma shift)</source>
        <translation>nivel sigma (desplazamiento 1,5 sigma)</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Métrica</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>Subgroup size</source>
        <translation>Tamaño de subgrupo</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Before {figure}</source>
        <translation>{figure} antes</translation>
    </message>
    <message>
        <source>After {figure}</source>
        <translation>{figure} después</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Cifra</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <source>Year to date</source>
        <translation>En lo que va de año</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <source>count</source>
        <translation>recuento</translation>
    </message>
    <message>
        <source>share</source>
        <translation>proporción</translation>
    </message>
    <message>
        <source>money</source>
        <translation>dinero</translation>
    </message>
    <message>
        <source>days</source>
        <translation>días</translation>
    </message>
    <message>
        <source>ideas a year</source>
        <translation>ideas al año</translation>
    </message>
    <message>
        <source>{kind}, at month end</source>
        <translation>{kind}, a fin de mes</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>Month total</source>
        <translation>Total del mes</translation>
    </message>
    <message>
        <source>Total so far</source>
        <translation>Total acumulado</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Previsión</translation>
    </message>
    <message>
        <source>Forecast so far</source>
        <translation>Previsión acumulada</translation>
    </message>
    <message>
        <source>Savings</source>
        <translation>Ahorros</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>Despilfarro</translation>
    </message>
    <message>
        <source>Observations</source>
        <translation>Observaciones</translation>
    </message>
    <message>
        <source>Yearly cost</source>
        <translation>Coste anual</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Proporción</translation>
    </message>
    <message>
        <source>Cumulative share</source>
        <translation>Proporción acumulada</translation>
    </message>
    <message>
        <source>Waste Pareto</source>
        <translation>Pareto de despilfarros</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Submitted by</source>
        <translation>Enviada por</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Enviada</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Cerrada</translation>
    </message>
    <message>
        <source>Days to done</source>
        <translation>Días hasta hecho</translation>
    </message>
    <message>
        <source>Cycles</source>
        <translation>Ciclos</translation>
    </message>
    <message>
        <source>Implementation cost</source>
        <translation>Coste de implantación</translation>
    </message>
    <message>
        <source>Validated savings to date</source>
        <translation>Ahorros validados hasta la fecha</translation>
    </message>
    <message>
        <source>Metric cycle</source>
        <translation>Ciclo de la métrica</translation>
    </message>
    <message>
        <source>Before n</source>
        <translation>n antes</translation>
    </message>
    <message>
        <source>Before mean</source>
        <translation>Media antes</translation>
    </message>
    <message>
        <source>Before median</source>
        <translation>Mediana antes</translation>
    </message>
    <message>
        <source>After n</source>
        <translation>n después</translation>
    </message>
    <message>
        <source>After mean</source>
        <translation>Media después</translation>
    </message>
    <message>
        <source>After median</source>
        <translation>Mediana después</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Prueba</translation>
    </message>
    <message>
        <source>p-value</source>
        <translation>valor p</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Veredicto</translation>
    </message>
    <message>
        <source>No metric recorded</source>
        <translation>Ninguna métrica registrada</translation>
    </message>
    <message>
        <source>Completed changes</source>
        <translation>Cambios completados</translation>
    </message>
    <message>
        <source>Suggested by</source>
        <translation>Propuesta por</translation>
    </message>
    <message>
        <source>Implemented by</source>
        <translation>Implantada por</translation>
    </message>
    <message>
        <source>Validated savings in the month</source>
        <translation>Ahorros validados en el mes</translation>
    </message>
    <message>
        <source>Thank you</source>
        <translation>Gracias</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Tarjetas</translation>
    </message>
    <message>
        <source>Stalled</source>
        <translation>Estancadas</translation>
    </message>
    <message>
        <source>closed in the month</source>
        <translation>cerradas en el mes</translation>
    </message>
    <message>
        <source>open at {moment}</source>
        <translation>abiertas a {moment}</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>Tablero</translation>
    </message>
    <message>
        <source>Cycle</source>
        <translation>Ciclo</translation>
    </message>
    <message>
        <source>In stage since</source>
        <translation>En la etapa desde</translation>
    </message>
    <message>
        <source>Days in stage</source>
        <translation>Días en la etapa</translation>
    </message>
    <message>
        <source>Stalled items</source>
        <translation>Elementos estancados</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <source>Home area</source>
        <translation>Área de origen</translation>
    </message>
    <message>
        <source>Ideas this month</source>
        <translation>Ideas este mes</translation>
    </message>
    <message>
        <source>Implemented this month</source>
        <translation>Implantadas este mes</translation>
    </message>
    <message>
        <source>Ideas this year</source>
        <translation>Ideas este año</translation>
    </message>
    <message>
        <source>Top contributors</source>
        <translation>Quienes más aportan</translation>
    </message>
    <message>
        <source>Place in the tree</source>
        <translation>Lugar en el árbol</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>Active people</source>
        <translation>Personas activas</translation>
    </message>
    <message>
        <source>Took part</source>
        <translation>Participaron</translation>
    </message>
    <message>
        <source>Participation</source>
        <translation>Participación</translation>
    </message>
    <message>
        <source>Ideas submitted</source>
        <translation>Ideas enviadas</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Validado</translation>
    </message>
    <message>
        <source>Validated by</source>
        <translation>Validado por</translation>
    </message>
    <message>
        <source>Validated on</source>
        <translation>Validado el</translation>
    </message>
    <message>
        <source>Corrects entry</source>
        <translation>Corrige la entrada</translation>
    </message>
    <message>
        <source>Savings ledger</source>
        <translation>Registro de ahorros</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Informe</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Centro</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Moneda</translation>
    </message>
    <message>
        <source>Stalled after (days)</source>
        <translation>Estancada tras (días)</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>Generado</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Dato</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Acerca de</translation>
    </message>
    <message>
        <source>lower</source>
        <translation>menor</translation>
    </message>
    <message>
        <source>higher</source>
        <translation>mayor</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
</context>
<context>
    <name>services.analytics</name>
    <message>
        <source>The dashboard filter is not a DashboardFilter.</source>
        <translation>El filtro del panel no es un DashboardFilter.</translation>
    </message>
    <message>
        <source>The start of the period</source>
        <translation>El inicio del periodo</translation>
    </message>
    <message>
        <source>The end of the period</source>
        <translation>El final del periodo</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>El periodo termina antes de empezar.</translation>
    </message>
    <message>
        <source>An area</source>
        <translation>Un área</translation>
    </message>
    <message>
        <source>Area #{area_id} does not exist.</source>
        <translation>El área #{area_id} no existe.</translation>
    </message>
    <message>
        <source>Pick a date.</source>
        <translation>Elige una fecha.</translation>
    </message>
    <message>
        <source>Show between 1 and {max_months_back} months.</source>
        <translation>Muestra entre 1 y {max_months_back} meses.</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Métrica</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
</context>
<context>
    <name>services.attachments</name>
    <message>
        <source>This is not a file.</source>
        <translation>Esto no es un archivo.</translation>
    </message>
    <message>
        <source>photo</source>
        <translation>foto</translation>
    </message>
    <message>
        <source>Photos are given as a list of files.</source>
        <translation>Las fotos se dan como una lista de archivos.</translation>
    </message>
    <message>
        <source>At most {max_photos} photos per record ({count} given).</source>
        <translation>Como máximo {max_photos} fotos por registro ({count} indicadas).</translation>
    </message>
    <message>
        <source>the file does not exist.</source>
        <translation>el archivo no existe.</translation>
    </message>
    <message>
        <source>this is not a file.</source>
        <translation>esto no es un archivo.</translation>
    </message>
    <message>
        <source>the file cannot be read ({reason}).</source>
        <translation>el archivo no se puede leer ({reason}).</translation>
    </message>
    <message>
        <source>the file is empty.</source>
        <translation>el archivo está vacío.</translation>
    </message>
    <message>
        <source>the file is {size} MB; a photo can be at most {most} MB.</source>
        <translation>el archivo tiene {size} MB; una foto puede tener como máximo {most} MB.</translation>
    </message>
    <message>
        <source>the picture is too large in pixels (more than {pixels}); it may be a decompression bomb.</source>
        <translation>la imagen tiene demasiados píxeles (más de {pixels}); puede ser una bomba de descompresión.</translation>
    </message>
    <message>
        <source>this is not a photo Kaizen can read (JPEG, PNG, WebP or GIF).</source>
        <translation>esto no es una foto que Kaizen pueda leer (JPEG, PNG, WebP o GIF).</translation>
    </message>
    <message>
        <source>the photo is damaged and cannot be read.</source>
        <translation>la foto está dañada y no se puede leer.</translation>
    </message>
    <message>
        <source>This photo&apos;s record is damaged (unknown file type); its file cannot be found.</source>
        <translation>El registro de esta foto está dañado (tipo de archivo desconocido); no se encuentra su archivo.</translation>
    </message>
    <message>
        <source>{display_name}: the file changed while it was being saved; add it again.</source>
        <translation>{display_name}: el archivo cambió mientras se guardaba; vuelve a añadirlo.</translation>
    </message>
    <message>
        <source>At most {max_photos} photos per record ({count} already attached, {count2} more given).</source>
        <translation>Como máximo {max_photos} fotos por registro ({count} ya adjuntas, {count2} más indicadas).</translation>
    </message>
    <message>
        <source>The file of photo {name} cannot be read: {reason}</source>
        <translation>El archivo de la foto {name} no se puede leer: {reason}</translation>
    </message>
    <message>
        <source>The file of photo {name} is missing: {file} is not in the data folder.</source>
        <translation>Falta el archivo de la foto {name}: {file} no está en la carpeta de datos.</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>Observación</translation>
    </message>
    <message>
        <source>Staff can only change their own observations.</source>
        <translation>El personal solo puede cambiar sus propias observaciones.</translation>
    </message>
    <message>
        <source>This observation already led to an idea; ask a supervisor to change it.</source>
        <translation>Esta observación ya ha dado lugar a una idea; pide a un supervisor que la cambie.</translation>
    </message>
    <message>
        <source>A photo belongs to one idea or one observation.</source>
        <translation>Una foto pertenece a una idea o a una observación.</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>An observation</source>
        <translation>Una observación</translation>
    </message>
    <message>
        <source>Photo {name}: {message}</source>
        <translation>Foto {name}: {message}</translation>
    </message>
    <message>
        <source>The file of photo {name} ({path}) cannot be read: {reason}.</source>
        <translation>El archivo de la foto {name} ({path}) no se puede leer: {reason}.</translation>
    </message>
    <message>
        <source>The file of photo {name} is missing: {path} is not in the data folder.</source>
        <translation>Falta el archivo de la foto {name}: {path} no está en la carpeta de datos.</translation>
    </message>
</context>
<context>
    <name>services.audit_trail</name>
    <message>
        <source>Name the kind of record.</source>
        <translation>Indica el tipo de registro.</translation>
    </message>
    <message>
        <source>A record is picked by its number.</source>
        <translation>Un registro se elige por su número.</translation>
    </message>
</context>
<context>
    <name>services.base</name>
    <message>
        <source>Pick an active person as who is working before making changes.</source>
        <translation>Elige una persona activa como quien está trabajando antes de hacer cambios.</translation>
    </message>
    <message>
        <source>An idea</source>
        <translation>Una idea</translation>
    </message>
    <message>
        <source>{what} #{shown} does not exist (it may have been removed).</source>
        <translation>{what} #{shown} no existe (puede que se haya eliminado).</translation>
    </message>
</context>
<context>
    <name>services.board</name>
    <message>
        <source>Name the kind of record.</source>
        <translation>Indica el tipo de registro.</translation>
    </message>
    <message>
        <source>A record</source>
        <translation>Un registro</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>An area</source>
        <translation>Un área</translation>
    </message>
    <message>
        <source>An owner</source>
        <translation>Un responsable</translation>
    </message>
    <message>
        <source>The person working</source>
        <translation>La persona que trabaja</translation>
    </message>
    <message>
        <source>PDCA cycle</source>
        <translation>Ciclo PDCA</translation>
    </message>
</context>
<context>
    <name>services.bulk_import</name>
    <message>
        <source>line {line}: {reason}</source>
        <translation>línea {line}: {reason}</translation>
    </message>
    <message>
        <source>Nothing was imported: {count} line refused.</source>
        <translation>No se ha importado nada: {count} línea rechazada.</translation>
    </message>
    <message>
        <source>Nothing was imported: {count} lines refused.</source>
        <translation>No se ha importado nada: {count} líneas rechazadas.</translation>
    </message>
    <message>
        <source>column {column}: name the person</source>
        <translation>columna {column}: indica la persona</translation>
    </message>
    <message>
        <source>column {column}: nobody is called {text!r}</source>
        <translation>columna {column}: nadie se llama {text!r}</translation>
    </message>
    <message>
        <source>column {column}: {count} people are called {text!r}; use their badge number</source>
        <translation>columna {column}: {count} personas se llaman {text!r}; usa su número de tarjeta</translation>
    </message>
    <message>
        <source>column area: name the area</source>
        <translation>columna area: indica el área</translation>
    </message>
    <message>
        <source>column area: no area is called {text!r}</source>
        <translation>columna area: ningún área se llama {text!r}</translation>
    </message>
    <message>
        <source>column area: more than one area is called {text!r}; give its place in the tree, e.g. &apos;Plant / Assembly&apos;</source>
        <translation>columna area: más de un área se llama {text!r}; indica su lugar en el árbol, p. ej. &apos;Planta / Montaje&apos;</translation>
    </message>
    <message>
        <source>column {column}: {text!r} is not one of the seven wastes ({names})</source>
        <translation>columna {column}: {text!r} no es uno de los siete despilfarros ({names})</translation>
    </message>
    <message>
        <source>column {column}: {text!r} is not a whole number</source>
        <translation>columna {column}: {text!r} no es un número entero</translation>
    </message>
    <message>
        <source>column {column}: {name} is no longer active</source>
        <translation>columna {column}: {name} ya no está activo</translation>
    </message>
    <message>
        <source>column {column}: {reason}</source>
        <translation>columna {column}: {reason}</translation>
    </message>
    <message>
        <source>column idea: {text!r} is not an idea number</source>
        <translation>columna idea: {text!r} no es un número de idea</translation>
    </message>
    <message>
        <source>column phase: {text!r} is not before or after</source>
        <translation>columna phase: {text!r} no es before ni after</translation>
    </message>
    <message>
        <source>column value: the value is missing</source>
        <translation>columna value: falta el valor</translation>
    </message>
    <message>
        <source>The measurement time</source>
        <translation>El momento de la medición</translation>
    </message>
    <message>
        <source>column idea: idea #{idea_id} does not exist</source>
        <translation>columna idea: la idea #{idea_id} no existe</translation>
    </message>
    <message>
        <source>column metric: idea #{idea_id} has no metric called {name!r}</source>
        <translation>columna metric: la idea #{idea_id} no tiene ninguna métrica llamada {name!r}</translation>
    </message>
</context>
<context>
    <name>services.conflicts</name>
    <message>
        <source>changed by {name} at {at:%Y-%m-%d %H:%M}; </source>
        <translation>cambiado por {name} el {at:%Y-%m-%d %H:%M}; </translation>
    </message>
    <message>
        <source>someone</source>
        <translation>alguien</translation>
    </message>
</context>
<context>
    <name>services.csv_table</name>
    <message>
        <source>The file is empty.</source>
        <translation>El archivo está vacío.</translation>
    </message>
    <message>
        <source>This is not a CSV text file (it holds binary data).</source>
        <translation>Esto no es un archivo de texto CSV (contiene datos binarios).</translation>
    </message>
    <message>
        <source>At most {max_rows} lines at a time; split the file.</source>
        <translation>Como máximo {max_rows} líneas a la vez; divide el archivo.</translation>
    </message>
    <message>
        <source>Line {line_num}: the file is not valid CSV ({exc}).</source>
        <translation>Línea {line_num}: el archivo no es un CSV válido ({exc}).</translation>
    </message>
    <message>
        <source>The file could not be read: {reason}.</source>
        <translation>No se pudo leer el archivo: {reason}.</translation>
    </message>
    <message>
        <source>Pick a CSV file.</source>
        <translation>Elige un archivo CSV.</translation>
    </message>
    <message>
        <source>The file is not valid UTF-16 text; save it as &apos;CSV UTF-8&apos;.</source>
        <translation>El archivo no es texto UTF-16 válido; guárdalo como &apos;CSV UTF-8&apos;.</translation>
    </message>
    <message>
        <source>Line {line}: the file is not UTF-8 text; save it as &apos;CSV UTF-8&apos;.</source>
        <translation>Línea {line}: el archivo no es texto UTF-8; guárdalo como &apos;CSV UTF-8&apos;.</translation>
    </message>
    <message>
        <source>The file is {size} MB; at most {most} MB can be imported at a time.</source>
        <translation>El archivo tiene {size} MB; como máximo se pueden importar {most} MB a la vez.</translation>
    </message>
    <message>
        <source>Line {header_line}, column {position}: unknown column {header!r}. The first line names the columns: {required} and optionally {optional}.</source>
        <translation>Línea {header_line}, columna {position}: columna desconocida {header!r}. La primera línea nombra las columnas: {required} y opcionalmente {optional}.</translation>
    </message>
    <message>
        <source>nothing else</source>
        <translation>nada más</translation>
    </message>
    <message>
        <source>Line {header_line}: a column is named twice.</source>
        <translation>Línea {header_line}: una columna tiene el mismo nombre dos veces.</translation>
    </message>
    <message>
        <source>Line {header_line}: the header has no {missing} column; it needs {required}.</source>
        <translation>Línea {header_line}: a la cabecera le falta la columna {missing}; necesita {required}.</translation>
    </message>
    <message>
        <source>Line {header_line}: the header has no {missing} columns; it needs {required}.</source>
        <translation>Línea {header_line}: a la cabecera le faltan las columnas {missing}; necesita {required}.</translation>
    </message>
    <message>
        <source>{fields} fields, but the header names {columns} columns</source>
        <translation>{fields} campos, pero la cabecera nombra {columns} columnas</translation>
    </message>
    <message>
        <source>The file has a header but no data lines.</source>
        <translation>El archivo tiene cabecera pero ninguna línea de datos.</translation>
    </message>
    <message>
        <source>column {column}: {text!r} is not a number (e.g. {example})</source>
        <translation>columna {column}: {text!r} no es un número (p. ej. {example})</translation>
    </message>
    <message>
        <source>column {column}: {text!r} is not a date (2026-03-31, 2026-03-31 14:05 or 31.03.2026 14:05)</source>
        <translation>columna {column}: {text!r} no es una fecha (2026-03-31, 2026-03-31 14:05 o 31.03.2026 14:05)</translation>
    </message>
</context>
<context>
    <name>services.event_logs</name>
    <message>
        <source>No such file: {path}</source>
        <translation>No existe el archivo: {path}</translation>
    </message>
    <message>
        <source>Column names apply to CSV files only; an XES file names its attributes itself.</source>
        <translation>Los nombres de columna solo se aplican a archivos CSV; un archivo XES nombra sus atributos él mismo.</translation>
    </message>
    <message>
        <source>The log holds no events.</source>
        <translation>El registro no contiene eventos.</translation>
    </message>
    <message>
        <source>Pick all or complete events.</source>
        <translation>Elige todos los eventos o los completados.</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Proceso</translation>
    </message>
    <message>
        <source>The process {name!r} has no current-state map.</source>
        <translation>El proceso {name!r} no tiene mapa del estado actual.</translation>
    </message>
    <message>
        <source>The log&apos;s name</source>
        <translation>El nombre del registro</translation>
    </message>
    <message>
        <source>An event log named &apos;{name}&apos; already exists: give another name, or delete that log first.</source>
        <translation>Ya existe un registro de eventos llamado &apos;{name}&apos;: da otro nombre o elimina primero ese registro.</translation>
    </message>
    <message>
        <source>There is no event log named &apos;{name}&apos;.</source>
        <translation>No hay ningún registro de eventos llamado &apos;{name}&apos;.</translation>
    </message>
</context>
<context>
    <name>services.inbox</name>
    <message>
        <source>Ideas to review</source>
        <translation>Ideas por revisar</translation>
    </message>
    <message>
        <source>My overdue actions</source>
        <translation>Mis acciones vencidas</translation>
    </message>
    <message>
        <source>Cards waiting on me</source>
        <translation>Tarjetas que me esperan</translation>
    </message>
    <message>
        <source>Savings to validate</source>
        <translation>Ahorros por validar</translation>
    </message>
    <message>
        <source>KPI signals on my processes</source>
        <translation>Señales de KPI de mis procesos</translation>
    </message>
    <message>
        <source>{status} since {created:%Y-%m-%d} · {area}</source>
        <translation>{status} desde {created:%Y-%m-%d} · {area}</translation>
    </message>
    <message>
        <source>Due {due:%Y-%m-%d}, {late} day late · #{idea_id} {title}</source>
        <translation>Vence {due:%Y-%m-%d}, {late} día de retraso · #{idea_id} {title}</translation>
    </message>
    <message>
        <source>Due {due:%Y-%m-%d}, {late} days late · #{idea_id} {title}</source>
        <translation>Vence {due:%Y-%m-%d}, {late} días de retraso · #{idea_id} {title}</translation>
    </message>
    <message>
        <source>In {stage} for {days} days (cycle {number})</source>
        <translation>En {stage} desde hace {days} días (ciclo {number})</translation>
    </message>
    <message>
        <source>{month}: {amount} {kind} savings, not yet validated</source>
        <translation>{month}: {amount} de ahorros ({kind}), aún sin validar</translation>
    </message>
</context>
<context>
    <name>services.kiosk</name>
    <message>
        <source>Enter the number on the badge.</source>
        <translation>Introduce el número de la tarjeta.</translation>
    </message>
    <message>
        <source>A badge number is letters and digits, at most {max_badge} characters.</source>
        <translation>Un número de tarjeta son letras y dígitos, como máximo {max_badge} caracteres.</translation>
    </message>
    <message>
        <source>No one working here has the badge {badge}. Pick your name from the list, or ask an admin to add your badge number.</source>
        <translation>Nadie que trabaje aquí tiene la tarjeta {badge}. Elige tu nombre en la lista o pide a un administrador que añada tu número de tarjeta.</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <source>The badge {badge} already belongs to {name}.</source>
        <translation>La tarjeta {badge} ya pertenece a {name}.</translation>
    </message>
</context>
<context>
    <name>services.kpi_from_log</name>
    <message>
        <source>The KPI&apos;s name</source>
        <translation>El nombre del KPI</translation>
    </message>
    <message>
        <source>Pick the process the KPI belongs to.</source>
        <translation>Elige el proceso al que pertenece el KPI.</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Proceso</translation>
    </message>
    <message>
        <source>The log &apos;{log_name}&apos; holds no case.</source>
        <translation>El registro &apos;{log_name}&apos; no contiene ningún caso.</translation>
    </message>
    <message>
        <source>The KPI {name!r} is kept in {kept}; the log gives {unit}: pick another series name.</source>
        <translation>La unidad del KPI {name!r} es {kept}; el registro da {unit}: elige otro nombre de serie.</translation>
    </message>
    <message>
        <source>no unit</source>
        <translation>ninguna</translation>
    </message>
</context>
<context>
    <name>services.kpi_import</name>
    <message>
        <source>There are no KPI points in it.</source>
        <translation>No contiene puntos de KPI.</translation>
    </message>
    <message>
        <source>This is not a CSV text file (it holds binary data).</source>
        <translation>Esto no es un archivo de texto CSV (contiene datos binarios).</translation>
    </message>
    <message>
        <source>At most {max_rows} points at a time; split the file.</source>
        <translation>Como máximo {max_rows} puntos a la vez; divide el archivo.</translation>
    </message>
    <message>
        <source>Line {line_num}: not valid CSV ({exc}).</source>
        <translation>Línea {line_num}: no es un CSV válido ({exc}).</translation>
    </message>
    <message>
        <source>Line {records}: the columns are the time (at) and the value, e.g. &apos;2026-03-31,12.5&apos;.</source>
        <translation>Línea {records}: las columnas son el momento (at) y el valor, p. ej. &apos;2026-03-31,12.5&apos;.</translation>
    </message>
    <message>
        <source>There is a header but no KPI points.</source>
        <translation>Hay cabecera pero ningún punto de KPI.</translation>
    </message>
    <message>
        <source>Line {line}: expected 2 columns (at, value), found {count}.</source>
        <translation>Línea {line}: se esperaban 2 columnas (at, value) y hay {count}.</translation>
    </message>
    <message>
        <source>Line {line}: {text!r} is not an ISO date (2026-03-31 or 2026-03-31 14:05).</source>
        <translation>Línea {line}: {text!r} no es una fecha ISO (2026-03-31 o 2026-03-31 14:05).</translation>
    </message>
    <message>
        <source>Line {line}: {text!r} is not a number.</source>
        <translation>Línea {line}: {text!r} no es un número.</translation>
    </message>
    <message>
        <source>(and maybe more)</source>
        <translation>(y quizá más)</translation>
    </message>
    <message>
        <source>Nothing was imported:</source>
        <translation>No se ha importado nada:</translation>
    </message>
</context>
<context>
    <name>services.kpis</name>
    <message>
        <source>Process</source>
        <translation>Proceso</translation>
    </message>
    <message>
        <source>A custom KPI needs a name, a unit and which direction is better.</source>
        <translation>Un KPI personalizado necesita un nombre, una unidad y qué dirección es mejor.</translation>
    </message>
    <message>
        <source>The KPI&apos;s name</source>
        <translation>El nombre del KPI</translation>
    </message>
    <message>
        <source>This process already has a KPI called {label!r}.</source>
        <translation>Este proceso ya tiene un KPI llamado {label!r}.</translation>
    </message>
    <message>
        <source>The unit</source>
        <translation>La unidad</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>The KPI {name!r}</source>
        <translation>El KPI {name!r}</translation>
    </message>
    <message>
        <source>Paste the points as text: a time and a value per line.</source>
        <translation>Pega los puntos como texto: un momento y un valor por línea.</translation>
    </message>
    <message>
        <source>Holding</source>
        <translation>Se mantiene</translation>
    </message>
    <message>
        <source>Improvement not holding</source>
        <translation>La mejora no se mantiene</translation>
    </message>
    <message>
        <source>New bottleneck</source>
        <translation>Nuevo cuello de botella</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Señal</translation>
    </message>
    <message>
        <source>No change yet</source>
        <translation>Aún sin cambio</translation>
    </message>
    <message>
        <source>Too few points</source>
        <translation>Muy pocos puntos</translation>
    </message>
    <message>
        <source>{process}: {series} is drifting back since {since:%Y-%m-%d} after {change!r} ({count} point(s) on the worse side of the new level).</source>
        <translation>{process}: {series} empeora de nuevo desde {since:%Y-%m-%d} tras {change!r} ({count} punto(s) en el lado peor del nuevo nivel).</translation>
    </message>
    <message>
        <source>{process}: the bottleneck is now {now!r}; it was {was!r} when {change!r} was completed on {completed:%Y-%m-%d}.</source>
        <translation>{process}: el cuello de botella ahora es {now!r}; era {was!r} cuando {change!r} se completó el {completed:%Y-%m-%d}.</translation>
    </message>
    <message>
        <source>The KPI kind must be one of {kinds}.</source>
        <translation>El tipo de KPI debe ser uno de {kinds}.</translation>
    </message>
    <message>
        <source>Say whether lower or higher is better.</source>
        <translation>Indica si es mejor más bajo o más alto.</translation>
    </message>
    <message>
        <source>Unknown source of KPI points.</source>
        <translation>Origen de los puntos de KPI desconocido.</translation>
    </message>
    <message>
        <source>Enter at least one KPI point (a time and a value).</source>
        <translation>Introduce al menos un punto de KPI (un momento y un valor).</translation>
    </message>
    <message>
        <source>At most {max_points} points at a time ({count} given).</source>
        <translation>Como máximo {max_points} puntos a la vez ({count} indicados).</translation>
    </message>
    <message>
        <source>Point {n} is not a time and a value.</source>
        <translation>El punto {n} no es un momento y un valor.</translation>
    </message>
    <message>
        <source>Point {n}: the time must be a date and time.</source>
        <translation>Punto {n}: el momento debe ser una fecha y hora.</translation>
    </message>
    <message>
        <source>Point {n}: the value must be a finite number.</source>
        <translation>Punto {n}: el valor debe ser un número finito.</translation>
    </message>
</context>
<context>
    <name>services.listing</name>
    <message>
        <source>The list filter is not an idea filter.</source>
        <translation>El filtro de la lista no es un filtro de ideas.</translation>
    </message>
    <message>
        <source>A person</source>
        <translation>Una persona</translation>
    </message>
    <message>
        <source>The list filter is not an observation filter.</source>
        <translation>El filtro de la lista no es un filtro de observaciones.</translation>
    </message>
    <message>
        <source>An area</source>
        <translation>Un área</translation>
    </message>
    <message>
        <source>The start date</source>
        <translation>La fecha de inicio</translation>
    </message>
    <message>
        <source>The end date</source>
        <translation>La fecha de fin</translation>
    </message>
    <message>
        <source>The end date is before the start date.</source>
        <translation>La fecha de fin es anterior a la de inicio.</translation>
    </message>
    <message>
        <source>Unknown value in the {field} filter.</source>
        <translation>Valor desconocido en el filtro {field}.</translation>
    </message>
    <message>
        <source>The search is text.</source>
        <translation>La búsqueda es texto.</translation>
    </message>
    <message>
        <source>The list cannot be sorted by {value!r}.</source>
        <translation>La lista no se puede ordenar por {value!r}.</translation>
    </message>
</context>
<context>
    <name>services.measurement_import</name>
    <message>
        <source>Paste the measurements as text, one number per line.</source>
        <translation>Pega las mediciones como texto, un número por línea.</translation>
    </message>
    <message>
        <source>That is too much text to paste; import it as a CSV file.</source>
        <translation>Es demasiado texto para pegar; impórtalo como archivo CSV.</translation>
    </message>
    <message>
        <source>Paste at least one number.</source>
        <translation>Pega al menos un número.</translation>
    </message>
    <message>
        <source>No number found in the pasted text.</source>
        <translation>No se ha encontrado ningún número en el texto pegado.</translation>
    </message>
    <message>
        <source>more than one value on the line; paste a single column</source>
        <translation>más de un valor en la línea; pega una sola columna</translation>
    </message>
    <message>
        <source>not a number as the rest of the column writes them (e.g. {example})</source>
        <translation>no es un número escrito como el resto de la columna (p. ej. {example})</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>no es un número</translation>
    </message>
    <message>
        <source>The file has a header but no measurements.</source>
        <translation>El archivo tiene cabecera pero ninguna medición.</translation>
    </message>
    <message>
        <source>Line {line}: expected {expected} columns ({columns}), found {count}.</source>
        <translation>Línea {line}: se esperaban {expected} columnas ({columns}) y hay {count}.</translation>
    </message>
    <message>
        <source>(and maybe more)</source>
        <translation>(y quizá más)</translation>
    </message>
    <message>
        <source>The file was not imported:</source>
        <translation>El archivo no se ha importado:</translation>
    </message>
    <message>
        <source>At most {max_values} measurements at a time ({count} given).</source>
        <translation>Como máximo {max_values} mediciones a la vez ({count} indicadas).</translation>
    </message>
    <message>
        <source>Line {line}, column {position}: unknown column {first!r}; the columns are phase, value and optionally measured_at: name them so in the first line, or leave the header out and keep that order.</source>
        <translation>Línea {line}, columna {position}: columna desconocida {first!r}; las columnas son phase, value y opcionalmente measured_at: nómbralas así en la primera línea, o quita la cabecera y mantén ese orden.</translation>
    </message>
    <message>
        <source>Line {line}: a column is named twice.</source>
        <translation>Línea {line}: una columna tiene el mismo nombre dos veces.</translation>
    </message>
    <message>
        <source>Line {line}: the header has no {needed} column.</source>
        <translation>Línea {line}: a la cabecera le falta la columna {needed}.</translation>
    </message>
    <message>
        <source>Line {line}, column phase: {text!r} is not before or after.</source>
        <translation>Línea {line}, columna phase: {text!r} no es before ni after.</translation>
    </message>
    <message>
        <source>Line {line}, column value: {text!r} is not a number.</source>
        <translation>Línea {line}, columna value: {text!r} no es un número.</translation>
    </message>
    <message>
        <source>Line {line}, column measured_at: {text!r} is not a date (2026-03-31, 2026-03-31 14:05 or 31.03.2026 14:05).</source>
        <translation>Línea {line}, columna measured_at: {text!r} no es una fecha (2026-03-31, 2026-03-31 14:05 o 31.03.2026 14:05).</translation>
    </message>
</context>
<context>
    <name>services.measurements</name>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>The metric name</source>
        <translation>El nombre de la métrica</translation>
    </message>
    <message>
        <source>The unit</source>
        <translation>La unidad</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Métrica</translation>
    </message>
    <message>
        <source>The measurement time</source>
        <translation>El momento de la medición</translation>
    </message>
    <message>
        <source>Say whether lower or higher is better.</source>
        <translation>Indica si es mejor más bajo o más alto.</translation>
    </message>
    <message>
        <source>Pick before or after.</source>
        <translation>Elige antes o después.</translation>
    </message>
    <message>
        <source>Give the measurements as a list of numbers.</source>
        <translation>Da las mediciones como una lista de números.</translation>
    </message>
    <message>
        <source>Enter at least one measurement.</source>
        <translation>Introduce al menos una medición.</translation>
    </message>
    <message>
        <source>Value {position} is not a number.</source>
        <translation>El valor {position} no es un número.</translation>
    </message>
    <message>
        <source>Value {position} is not a finite number.</source>
        <translation>El valor {position} no es un número finito.</translation>
    </message>
    <message>
        <source>Give the imported rows as a list.</source>
        <translation>Da las filas importadas como una lista.</translation>
    </message>
    <message>
        <source>The file holds no measurements.</source>
        <translation>El archivo no contiene mediciones.</translation>
    </message>
    <message>
        <source>Row {position}: pick before or after.</source>
        <translation>Fila {position}: elige antes o después.</translation>
    </message>
    <message>
        <source>Row {position}: the value is not a finite number.</source>
        <translation>Fila {position}: el valor no es un número finito.</translation>
    </message>
    <message>
        <source>Row {position}: the time is not a date and time.</source>
        <translation>Fila {position}: el momento no es una fecha y hora.</translation>
    </message>
    <message>
        <source>Row {position}: the time</source>
        <translation>Fila {position}: el momento</translation>
    </message>
    <message>
        <source>{label} is out of range.</source>
        <translation>{label} está fuera de rango.</translation>
    </message>
</context>
<context>
    <name>services.metric_statistics</name>
    <message>
        <source>Metric</source>
        <translation>Métrica</translation>
    </message>
    <message>
        <source>There is no plan field called {name!r}.</source>
        <translation>No hay ningún campo del plan llamado {name!r}.</translation>
    </message>
    <message>
        <source>Pick Welch&apos;s t-test or the Mann-Whitney test.</source>
        <translation>Elige la prueba t de Welch o la prueba de Mann-Whitney.</translation>
    </message>
    <message>
        <source>Say whether the test is one-sided.</source>
        <translation>Indica si la prueba es unilateral.</translation>
    </message>
    <message>
        <source>The subgroup size is a whole number from 1 to {max_subgroup}.</source>
        <translation>El tamaño de subgrupo es un número entero de 1 a {max_subgroup}.</translation>
    </message>
    <message>
        <source>Pick Western Electric or Nelson rules.</source>
        <translation>Elige las reglas de Western Electric o de Nelson.</translation>
    </message>
    <message>
        <source>Pick I-MR, X-bar/R, X-bar/S, a p or a u chart, or automatic.</source>
        <translation>Elige I-MR, X-barra/R, X-barra/S, un gráfico p o u, o automático.</translation>
    </message>
    <message>
        <source>The items or units counted per measurement must be above 0.</source>
        <translation>Los elementos o unidades contados por medición deben ser más de 0.</translation>
    </message>
    <message>
        <source>A p or u chart needs how many items or units each measurement counted.</source>
        <translation>Un gráfico p o u necesita cuántos elementos o unidades contó cada medición.</translation>
    </message>
    <message>
        <source>X-bar charts need subgroups of 2 or more values.</source>
        <translation>Los gráficos X-barra necesitan subgrupos de 2 o más valores.</translation>
    </message>
    <message>
        <source>The hoped-for change cannot be 0.</source>
        <translation>El cambio esperado no puede ser 0.</translation>
    </message>
    <message>
        <source>The primary test and whether it is one-sided are fixed before the after-data exist; this metric already has {after_n} after-measurement.</source>
        <translation>La prueba principal y si es unilateral se fijan antes de que existan datos de después; esta métrica ya tiene {after_n} medición de después.</translation>
    </message>
    <message>
        <source>The primary test and whether it is one-sided are fixed before the after-data exist; this metric already has {after_n} after-measurements.</source>
        <translation>La prueba principal y si es unilateral se fijan antes de que existan datos de después; esta métrica ya tiene {after_n} mediciones de después.</translation>
    </message>
    <message>
        <source>The idea has no metric with before and after measurements.</source>
        <translation>La idea no tiene ninguna métrica con mediciones de antes y después.</translation>
    </message>
    <message>
        <source>the primary test shows a significant improvement.</source>
        <translation>la prueba principal muestra una mejora significativa.</translation>
    </message>
    <message>
        <source>the control chart shows a sustained shift in the better direction after the change.</source>
        <translation>el gráfico de control muestra un desplazamiento sostenido en la dirección mejor tras el cambio.</translation>
    </message>
    <message>
        <source>no proof yet: the primary test is not significant in the better direction and the chart shows no sustained shift.</source>
        <translation>aún no hay prueba: la prueba principal no es significativa en la dirección mejor y el gráfico no muestra ningún desplazamiento sostenido.</translation>
    </message>
    <message>
        <source>Capability needs at least {needed} values per phase.</source>
        <translation>La capacidad necesita al menos {needed} valores por fase.</translation>
    </message>
    <message>
        <source>Enter a number, or leave it empty.</source>
        <translation>Introduce un número o déjalo vacío.</translation>
    </message>
</context>
<context>
    <name>services.observations</name>
    <message>
        <source>Unknown waste {category!r}.</source>
        <translation>Despilfarro desconocido {category!r}.</translation>
    </message>
    <message>
        <source>What was seen</source>
        <translation>Qué se vio</translation>
    </message>
    <message>
        <source>Minutes lost each time</source>
        <translation>Minutos perdidos cada vez</translation>
    </message>
    <message>
        <source>Times a week</source>
        <translation>Veces por semana</translation>
    </message>
    <message>
        <source>Cost each time</source>
        <translation>Coste cada vez</translation>
    </message>
    <message>
        <source>When it was seen</source>
        <translation>Cuándo se vio</translation>
    </message>
    <message>
        <source>Someone else changed observation #{id} while you were editing it ({changed_by_of}your copy is version {expected}, the saved one is version {version}). Reload it and make your change again.</source>
        <translation>Otra persona cambió la observación #{id} mientras la editabas ({changed_by_of}tu copia es la versión {expected}, la guardada es la versión {version}). Vuelve a cargarla y repite tu cambio.</translation>
    </message>
    <message>
        <source>Staff can only change their own observations.</source>
        <translation>El personal solo puede cambiar sus propias observaciones.</translation>
    </message>
    <message>
        <source>This observation already led to an idea; ask a supervisor to change it.</source>
        <translation>Esta observación ya ha dado lugar a una idea; pide a un supervisor que la cambie.</translation>
    </message>
    <message>
        <source>How many</source>
        <translation>Cuántas</translation>
    </message>
    <message>
        <source>The observations</source>
        <translation>Las observaciones</translation>
    </message>
    <message>
        <source>Idea #{suggestion_id} does not exist.</source>
        <translation>La idea #{suggestion_id} no existe.</translation>
    </message>
    <message>
        <source>This observation already led to idea #{suggestion_id}.</source>
        <translation>Esta observación ya ha dado lugar a la idea #{suggestion_id}.</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>Observación</translation>
    </message>
    <message>
        <source>Seen {observed_at:%Y-%m-%d} in {area} ({category}): {minutes:g} min lost each time, {times:g} times a week</source>
        <translation>Visto el {observed_at:%Y-%m-%d} en {area} ({category}): {minutes:g} min perdidos cada vez, {times:g} veces por semana</translation>
    </message>
    <message>
        <source>, plus {cost} {currency} each time</source>
        <translation>, más {cost} {currency} cada vez</translation>
    </message>
    <message>
        <source>. About {hours} hours and {cost} {currency} a year (at {rate} {currency}/h).</source>
        <translation>. Unas {hours} horas y {cost} {currency} al año (a {rate} {currency}/h).</translation>
    </message>
</context>
<context>
    <name>services.own_process_log</name>
    <message>
        <source>Kaizen&apos;s own improvement process</source>
        <translation>El proceso de mejora del propio Kaizen</translation>
    </message>
    <message>
        <source>Idea {status}</source>
        <translation>Idea {status}</translation>
    </message>
    <message>
        <source>Cycle {number}: {stage}</source>
        <translation>Ciclo {number}: {stage}</translation>
    </message>
    <message>
        <source>No idea has been submitted yet: Kaizen&apos;s own improvement process has no events to mine.</source>
        <translation>Aún no se ha enviado ninguna idea: el proceso de mejora del propio Kaizen no tiene eventos para la minería de procesos.</translation>
    </message>
</context>
<context>
    <name>services.pdca</name>
    <message>
        <source>PDCA cycle</source>
        <translation>Ciclo PDCA</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>The problem statement</source>
        <translation>La descripción del problema</translation>
    </message>
    <message>
        <source>The root cause</source>
        <translation>La causa raíz</translation>
    </message>
    <message>
        <source>The target metric</source>
        <translation>La métrica objetivo</translation>
    </message>
    <message>
        <source>The starting value</source>
        <translation>El valor inicial</translation>
    </message>
    <message>
        <source>The target value</source>
        <translation>El valor objetivo</translation>
    </message>
    <message>
        <source>The target date</source>
        <translation>La fecha objetivo</translation>
    </message>
    <message>
        <source>The countermeasure</source>
        <translation>La contramedida</translation>
    </message>
    <message>
        <source>The cycle is past Plan, so the plan must stay complete. {sentence}</source>
        <translation>El ciclo ya ha pasado de Planificar, así que el plan debe seguir completo. {sentence}</translation>
    </message>
    <message>
        <source>The action</source>
        <translation>La acción</translation>
    </message>
    <message>
        <source>Pick an active person as the owner.</source>
        <translation>Elige una persona activa como responsable.</translation>
    </message>
    <message>
        <source>The due date</source>
        <translation>La fecha límite</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Staff can only tick the actions they own.</source>
        <translation>El personal solo puede marcar las acciones de las que es responsable.</translation>
    </message>
    <message>
        <source>The check result is written in Check or Act; this cycle is in {label}.</source>
        <translation>El resultado de la verificación se escribe en Verificar o Actuar; este ciclo está en {label}.</translation>
    </message>
    <message>
        <source>The check result</source>
        <translation>El resultado de la verificación</translation>
    </message>
    <message>
        <source>The decision is taken in Act; this cycle is in {label}.</source>
        <translation>La decisión se toma en Actuar; este ciclo está en {label}.</translation>
    </message>
    <message>
        <source>Choose adopt, adapt or abandon.</source>
        <translation>Elige adoptar, adaptar o abandonar.</translation>
    </message>
    <message>
        <source>The standard change</source>
        <translation>El cambio de estándar</translation>
    </message>
    <message>
        <source>The note to share</source>
        <translation>La nota para compartir</translation>
    </message>
    <message>
        <source>To adopt, describe the standard that changed (work instruction, layout, checklist...).</source>
        <translation>Para adoptar, describe el estándar que cambió (instrucción de trabajo, distribución, lista de control...).</translation>
    </message>
    <message>
        <source>To abandon, say why and what others can learn from it.</source>
        <translation>Para abandonar, di por qué y qué pueden aprender otros de ello.</translation>
    </message>
    <message>
        <source>Pick a PDCA stage.</source>
        <translation>Elige una etapa PDCA.</translation>
    </message>
    <message>
        <source>Cycle {number} cannot move from {current} to {target}:</source>
        <translation>El ciclo {number} no puede pasar de {current} a {target}:</translation>
    </message>
    <message>
        <source>The note</source>
        <translation>La nota</translation>
    </message>
    <message>
        <source>Say why the cycle goes back from {current} to {target}.</source>
        <translation>Di por qué el ciclo vuelve de {current} a {target}.</translation>
    </message>
    <message>
        <source>Adapted from cycle {number}.</source>
        <translation>Adaptado del ciclo {number}.</translation>
    </message>
    <message>
        <source> Learning: {learning}</source>
        <translation> Aprendizaje: {learning}</translation>
    </message>
    <message>
        <source>This idea is {status}; its PDCA cycles can no longer change.</source>
        <translation>Esta idea está {status}; sus ciclos PDCA ya no pueden cambiar.</translation>
    </message>
    <message>
        <source>Cycle {number} is closed and can no longer change.</source>
        <translation>El ciclo {number} está cerrado y ya no puede cambiar.</translation>
    </message>
    <message>
        <source>Cycle {number} was changed by someone else; reload it and try again.</source>
        <translation>Otra persona ha cambiado el ciclo {number}; vuelve a cargarlo e inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>Cycle {number} was changed by {name} at {at:%Y-%m-%d %H:%M}; reload it and try again.</source>
        <translation>{name} cambió el ciclo {number} el {at:%Y-%m-%d %H:%M}; vuelve a cargarlo e inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>someone else</source>
        <translation>otra persona</translation>
    </message>
    <message>
        <source>The whys are a list of short texts.</source>
        <translation>Los porqués son una lista de textos cortos.</translation>
    </message>
    <message>
        <source>Each why</source>
        <translation>Cada porqué</translation>
    </message>
    <message>
        <source>Ask at most {max_whys} whys ({count} given).</source>
        <translation>Pregunta como máximo {max_whys} porqués ({count} indicados).</translation>
    </message>
    <message>
        <source>Actions change in Plan or Do; this cycle is in {label}. Move it back to Do to change its actions.</source>
        <translation>Las acciones cambian en Planificar o Hacer; este ciclo está en {label}. Devuélvelo a Hacer para cambiar sus acciones.</translation>
    </message>
</context>
<context>
    <name>services.people</name>
    <message>
        <source>The badge {badge} already belongs to {name}.</source>
        <translation>La tarjeta {badge} ya pertenece a {name}.</translation>
    </message>
    <message>
        <source>Someone else changed {name} while you were editing it ({changed_by_of}your copy is version {expected}, the saved one is version {version}). Reload it and make your change again.</source>
        <translation>Otra persona cambió {name} mientras lo editabas ({changed_by_of}tu copia es la versión {expected}, la guardada es la versión {version}). Vuelve a cargar y repite tu cambio.</translation>
    </message>
    <message>
        <source>Someone else changed the area {name} while you were editing it ({changed_by_of}your copy is version {expected}, the saved one is version {version}). Reload it and make your change again.</source>
        <translation>Otra persona cambió el área {name} mientras la editabas ({changed_by_of}tu copia es la versión {expected}, la guardada es la versión {version}). Vuelve a cargarla y repite tu cambio.</translation>
    </message>
    <message>
        <source>Someone else changed the site settings while you were editing them ({changed_by}your copy is version {expected}, the saved one is version {version}). Reload them and make your change again.</source>
        <translation>Otra persona cambió los ajustes del centro mientras los editabas ({changed_by}tu copia es la versión {expected}, la guardada es la versión {version}). Vuelve a cargarlos y repite tu cambio.</translation>
    </message>
    <message>
        <source>Enter a PIN.</source>
        <translation>Introduce un PIN.</translation>
    </message>
    <message>
        <source>A PIN is made of digits only.</source>
        <translation>Un PIN solo tiene dígitos.</translation>
    </message>
    <message>
        <source>Unknown role {role!r}.</source>
        <translation>Rol desconocido {role!r}.</translation>
    </message>
    <message>
        <source>Pick an active area as home area.</source>
        <translation>Elige un área activa como área de origen.</translation>
    </message>
    <message>
        <source>Kaizen is already set up; an admin adds people from now on.</source>
        <translation>Kaizen ya está configurado; a partir de ahora un administrador añade a las personas.</translation>
    </message>
    <message>
        <source>Site name</source>
        <translation>Nombre del centro</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <source>A {role} signs in with a PIN; set one for {name} first.</source>
        <translation>Un {role} inicia sesión con un PIN; configura primero uno para {name}.</translation>
    </message>
    <message>
        <source>{name} is the last active admin; make someone else an admin first.</source>
        <translation>{name} es el último administrador activo; haz antes administrador a otra persona.</translation>
    </message>
    <message>
        <source>You cannot deactivate yourself; ask another admin.</source>
        <translation>No puedes desactivarte a ti mismo; pídeselo a otro administrador.</translation>
    </message>
    <message>
        <source>{name} is the last active admin and must stay active.</source>
        <translation>{name} es el último administrador activo y debe seguir activo.</translation>
    </message>
    <message>
        <source>This person is not active; pick someone else.</source>
        <translation>Esta persona no está activa; elige a otra.</translation>
    </message>
    <message>
        <source>Too many wrong PINs for {name}. Try again in {wait} seconds.</source>
        <translation>Demasiados PIN incorrectos para {name}. Vuelve a intentarlo en {wait} segundos.</translation>
    </message>
    <message>
        <source>{name} has no PIN yet; ask an admin to set one.</source>
        <translation>{name} aún no tiene PIN; pide a un administrador que lo configure.</translation>
    </message>
    <message>
        <source>Enter the PIN of {name}.</source>
        <translation>Introduce el PIN de {name}.</translation>
    </message>
    <message>
        <source>Wrong PIN. After {failures} wrong PINs in a row {name} is locked out; try again in {seconds} seconds.</source>
        <translation>PIN incorrecto. Tras {failures} PIN incorrectos seguidos, {name} queda bloqueado; vuelve a intentarlo en {seconds} segundos.</translation>
    </message>
    <message>
        <source>Wrong PIN. {left} more wrong try and {name} is locked out for a minute.</source>
        <translation>PIN incorrecto. {left} intento incorrecto más y {name} queda bloqueado un minuto.</translation>
    </message>
    <message>
        <source>Wrong PIN. {left} more wrong tries and {name} is locked out for a minute.</source>
        <translation>PIN incorrecto. {left} intentos incorrectos más y {name} queda bloqueado un minuto.</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>Unknown kind of area {kind!r}.</source>
        <translation>Tipo de área desconocido {kind!r}.</translation>
    </message>
    <message>
        <source>Hourly rate</source>
        <translation>Tarifa por hora</translation>
    </message>
    <message>
        <source>{name} still has active areas under it; retire those first.</source>
        <translation>{name} aún tiene áreas activas por debajo; retíralas primero.</translation>
    </message>
    <message>
        <source>{name} is retired; bring it back first.</source>
        <translation>{name} está retirada; reactívala primero.</translation>
    </message>
    <message>
        <source>Pick the area this one belongs to.</source>
        <translation>Elige el área a la que pertenece esta.</translation>
    </message>
    <message>
        <source>A site is the top of the tree and has no parent.</source>
        <translation>Un centro es la raíz del árbol y no tiene padre.</translation>
    </message>
    <message>
        <source>Area #{parent_id} does not exist.</source>
        <translation>El área #{parent_id} no existe.</translation>
    </message>
    <message>
        <source>{name} is retired; pick an active area.</source>
        <translation>{name} está retirada; elige un área activa.</translation>
    </message>
    <message>
        <source>An area cannot be moved under itself or one of its own areas.</source>
        <translation>Un área no se puede mover debajo de sí misma ni de una de sus propias áreas.</translation>
    </message>
    <message>
        <source>There is already an area called {name} here.</source>
        <translation>Aquí ya hay un área llamada {name}.</translation>
    </message>
    <message>
        <source>{label} must be a whole number of days.</source>
        <translation>{label} debe ser un número entero de días.</translation>
    </message>
    <message>
        <source>{label} must be between 1 and 3,650 days.</source>
        <translation>{label} debe estar entre 1 y 3650 días.</translation>
    </message>
    <message>
        <source>The idle time is a whole number of minutes.</source>
        <translation>El tiempo de inactividad es un número entero de minutos.</translation>
    </message>
    <message>
        <source>Sign out after 1 to {max_idle_minutes} idle minutes, or 0 for never.</source>
        <translation>Cerrar sesión tras 1 a {max_idle_minutes} minutos de inactividad, o 0 para nunca.</translation>
    </message>
    <message>
        <source>A currency is a three-letter code such as EUR.</source>
        <translation>Una moneda es un código de tres letras como EUR.</translation>
    </message>
    <message>
        <source>Default hourly rate</source>
        <translation>Tarifa por hora predeterminada</translation>
    </message>
    <message>
        <source>Stale after</source>
        <translation>Obsoleto tras</translation>
    </message>
    <message>
        <source>Ageing after</source>
        <translation>Envejece tras</translation>
    </message>
    <message>
        <source>Pick Western Electric or Nelson rules.</source>
        <translation>Elige las reglas de Western Electric o de Nelson.</translation>
    </message>
    <message>
        <source>Pick one of the languages in the list.</source>
        <translation>Elige uno de los idiomas de la lista.</translation>
    </message>
    <message>
        <source>Tick the box or leave it clear (yes or no).</source>
        <translation>Marca la casilla o déjala sin marcar (sí o no).</translation>
    </message>
    <message>
        <source>There is no setting called {key!r}.</source>
        <translation>No hay ningún ajuste llamado {key!r}.</translation>
    </message>
    <message>
        <source>Work turns stale after {stale} days, so it must start ageing no later than that.</source>
        <translation>El trabajo queda obsoleto tras {stale} días, así que debe empezar a envejecer como muy tarde entonces.</translation>
    </message>
</context>
<context>
    <name>services.processes</name>
    <message>
        <source>The map is larger than {max_document_chars} characters.</source>
        <translation>El mapa supera los {max_document_chars} caracteres.</translation>
    </message>
    <message>
        <source>The process&apos;s name</source>
        <translation>El nombre del proceso</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Proceso</translation>
    </message>
    <message>
        <source>Process {name!r}</source>
        <translation>Proceso {name!r}</translation>
    </message>
    <message>
        <source>The description</source>
        <translation>La descripción</translation>
    </message>
    <message>
        <source>No process is called {name!r}. Processes: {known}.</source>
        <translation>Ningún proceso se llama {name!r}. Procesos: {known}.</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>aún ninguno</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>The map {name!r}</source>
        <translation>El mapa {name!r}</translation>
    </message>
    <message>
        <source>The map&apos;s name</source>
        <translation>El nombre del mapa</translation>
    </message>
    <message>
        <source>Only a future-state map can be carried by an idea.</source>
        <translation>Solo un mapa del estado futuro puede ir ligado a una idea.</translation>
    </message>
    <message>
        <source>The current state cannot be removed on its own; remove the process to remove it.</source>
        <translation>El estado actual no se puede eliminar por sí solo; elimina el proceso para eliminarlo.</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Paso</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>Observación</translation>
    </message>
    <message>
        <source>observations</source>
        <translation>observaciones</translation>
    </message>
    <message>
        <source>ideas</source>
        <translation>ideas</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Vínculo</translation>
    </message>
    <message>
        <source>links</source>
        <translation>conexiones</translation>
    </message>
    <message>
        <source>A process is already called {text!r}; pick another name.</source>
        <translation>Ya hay un proceso llamado {text!r}; elige otro nombre.</translation>
    </message>
    <message>
        <source>Renames must map old step names to new ones.</source>
        <translation>Los cambios de nombre deben asignar nombres de paso antiguos a nuevos.</translation>
    </message>
    <message>
        <source>The map has no step {old!r} to rename.</source>
        <translation>El mapa no tiene ningún paso {old!r} que renombrar.</translation>
    </message>
    <message>
        <source>The renamed step {new!r} is not in the map.</source>
        <translation>El paso renombrado {new!r} no está en el mapa.</translation>
    </message>
    <message>
        <source>Two steps are renamed to {new!r}.</source>
        <translation>Dos pasos se renombran a {new!r}.</translation>
    </message>
    <message>
        <source>Pick the area the process belongs to.</source>
        <translation>Elige el área a la que pertenece el proceso.</translation>
    </message>
    <message>
        <source>Pick an idea.</source>
        <translation>Elige una idea.</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>Staff can only link their own {what} to a step.</source>
        <translation>El personal solo puede vincular a un paso sus propias {what}.</translation>
    </message>
    <message>
        <source>{label} was changed while you were working on it ({changed_by_of}your copy is version {expected}, the saved one is version {version}). Reload it and make your change again.</source>
        <translation>{label} cambió mientras trabajabas en ello ({changed_by_of}tu copia es la versión {expected}, la guardada es la versión {version}). Vuelve a cargar y repite tu cambio.</translation>
    </message>
</context>
<context>
    <name>services.recognition</name>
    <message>
        <source>{submitter} (suggested) and {owner} (implemented)</source>
        <translation>{submitter} (propuso) y {owner} (implementó)</translation>
    </message>
</context>
<context>
    <name>services.savings</name>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>The note</source>
        <translation>La nota</translation>
    </message>
    <message>
        <source>Savings entry</source>
        <translation>Entrada de ahorros</translation>
    </message>
    <message>
        <source>Someone else changed this savings entry while you were editing it ({changed_by_of}nothing of yours was saved). Reload it and make your change again.</source>
        <translation>Otra persona cambió esta entrada de ahorros mientras la editabas ({changed_by_of}no se ha guardado nada tuyo). Vuelve a cargarla y repite tu cambio.</translation>
    </message>
    <message>
        <source>A correction is an actual, not a forecast.</source>
        <translation>Una corrección es un valor real, no una previsión.</translation>
    </message>
    <message>
        <source>A forecast cannot be validated; record the actual amount once the month is over and validate that.</source>
        <translation>Una previsión no se puede validar; registra el importe real cuando termine el mes y valida ese.</translation>
    </message>
    <message>
        <source>This entry is already {validated_by}.</source>
        <translation>Esta entrada ya está {validated_by}.</translation>
    </message>
    <message>
        <source>The reason</source>
        <translation>El motivo</translation>
    </message>
    <message>
        <source>Savings follow proof, and there is none yet: {proof} Write why these savings should be validated anyway (the reason is recorded).</source>
        <translation>Los ahorros siguen a la prueba, y aún no hay ninguna: {proof} Escribe por qué deberían validarse estos ahorros de todos modos (el motivo queda registrado).</translation>
    </message>
    <message>
        <source>This entry is not validated yet; edit it instead of adding a correction.</source>
        <translation>Esta entrada aún no está validada; edítala en lugar de añadir una corrección.</translation>
    </message>
    <message>
        <source>A correction changes the amount; it cannot be 0.</source>
        <translation>Una corrección cambia el importe; no puede ser 0.</translation>
    </message>
    <message>
        <source>The reason for the correction</source>
        <translation>El motivo de la corrección</translation>
    </message>
    <message>
        <source>The last month comes before the first.</source>
        <translation>El último mes es anterior al primero.</translation>
    </message>
    <message>
        <source>You entered or changed this entry, so a second person must validate it. (A one-person site can allow this in Site settings.)</source>
        <translation>Has introducido o cambiado esta entrada, así que una segunda persona debe validarla. (Un centro de una sola persona puede permitirlo en Ajustes del centro.)</translation>
    </message>
    <message>
        <source>Savings are validated once the change has reached Check; this idea has no PDCA cycle yet.</source>
        <translation>Los ahorros se validan cuando el cambio ha llegado a Verificar; esta idea aún no tiene ciclo PDCA.</translation>
    </message>
    <message>
        <source>Savings are validated once the change has reached Check; cycle {number} is still in {stage}.</source>
        <translation>Los ahorros se validan cuando el cambio ha llegado a Verificar; el ciclo {number} sigue en {stage}.</translation>
    </message>
    <message>
        <source>The amount must be a number.</source>
        <translation>El importe debe ser un número.</translation>
    </message>
    <message>
        <source>The amount cannot be larger than {max_amount:g}.</source>
        <translation>El importe no puede ser mayor que {max_amount:g}.</translation>
    </message>
    <message>
        <source>The amount must be a finite number.</source>
        <translation>El importe debe ser un número finito.</translation>
    </message>
    <message>
        <source>Savings cannot be negative; to reduce a validated amount, add a correction.</source>
        <translation>Los ahorros no pueden ser negativos; para reducir un importe validado, añade una corrección.</translation>
    </message>
    <message>
        <source>Pick hard, soft or avoidance.</source>
        <translation>Elige duros, blandos o evitados.</translation>
    </message>
    <message>
        <source>a supervisor</source>
        <translation>un supervisor</translation>
    </message>
    <message>
        <source>validated by {name} on {at:%Y-%m-%d}</source>
        <translation>validada por {name} el {at:%Y-%m-%d}</translation>
    </message>
    <message>
        <source>validated by {name}</source>
        <translation>validada por {name}</translation>
    </message>
    <message>
        <source>This entry was {validated} and is locked; add a correction instead.</source>
        <translation>Esta entrada fue {validated} y está bloqueada; añade una corrección en su lugar.</translation>
    </message>
</context>
<context>
    <name>services.scenarios</name>
    <message>
        <source>The scenario does not shorten the lead time, so it forecasts no savings.</source>
        <translation>El escenario no acorta el tiempo de entrega, así que no prevé ahorros.</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>The scenario&apos;s name</source>
        <translation>El nombre del escenario</translation>
    </message>
    <message>
        <source>The map already has a scenario called {label!r}.</source>
        <translation>El mapa ya tiene un escenario llamado {label!r}.</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Escenario</translation>
    </message>
    <message>
        <source>The scenario {name!r}</source>
        <translation>El escenario {name!r}</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>Run the scenario before attaching it as a forecast.</source>
        <translation>Ejecuta el escenario antes de adjuntarlo como previsión.</translation>
    </message>
    <message>
        <source>The process has no lead-time KPI to check.</source>
        <translation>El proceso no tiene ningún KPI de tiempo de entrega que comprobar.</translation>
    </message>
    <message>
        <source>Attach the scenario to an idea first.</source>
        <translation>Adjunta primero el escenario a una idea.</translation>
    </message>
    <message>
        <source>The change is not made yet (its idea is not standardised).</source>
        <translation>El cambio aún no se ha hecho (su idea no está estandarizada).</translation>
    </message>
    <message>
        <source>The KPI needs points before and after the change.</source>
        <translation>El KPI necesita puntos antes y después del cambio.</translation>
    </message>
    <message>
        <source>The changes are a list.</source>
        <translation>Los cambios son una lista.</translation>
    </message>
</context>
<context>
    <name>services.suggestions</name>
    <message>
        <source>Pick the wastes from the list.</source>
        <translation>Elige los despilfarros de la lista.</translation>
    </message>
    <message>
        <source>Unknown waste {value!r}.</source>
        <translation>Despilfarro desconocido {value!r}.</translation>
    </message>
    <message>
        <source>Pick an active area.</source>
        <translation>Elige un área activa.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Propuesta</translation>
    </message>
    <message>
        <source>Expected savings</source>
        <translation>Ahorros esperados</translation>
    </message>
    <message>
        <source>Implementation cost</source>
        <translation>Coste de implementación</translation>
    </message>
    <message>
        <source>Someone else changed idea #{id} while you were looking at it ({changed_by_of}your copy is version {expected}, the saved one is version {version}). Reload it and make your change again.</source>
        <translation>Otra persona cambió la idea #{id} mientras la mirabas ({changed_by_of}tu copia es la versión {expected}, la guardada es la versión {version}). Vuelve a cargarla y repite tu cambio.</translation>
    </message>
    <message>
        <source>Idea #{id} is {status}; only an idea that is {names} can be {past}.</source>
        <translation>La idea #{id} está {status}; solo una idea que esté {names} puede ser {past}.</translation>
    </message>
    <message>
        <source>Idea #{id} accepted.</source>
        <translation>Idea #{id} aceptada.</translation>
    </message>
    <message>
        <source>Idea #{id} rejected.</source>
        <translation>Idea #{id} rechazada.</translation>
    </message>
    <message>
        <source>Idea #{id} sent back.</source>
        <translation>Idea #{id} devuelta.</translation>
    </message>
    <message>
        <source>Idea #{id} taken into review.</source>
        <translation>Idea #{id} puesta en revisión.</translation>
    </message>
    <message>
        <source>taken into review</source>
        <translation>puesta en revisión</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>aceptada</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rechazada</translation>
    </message>
    <message>
        <source>sent back</source>
        <translation>devuelta</translation>
    </message>
    <message>
        <source>How many</source>
        <translation>Cuántas</translation>
    </message>
    <message>
        <source>The ideas</source>
        <translation>Las ideas</translation>
    </message>
    <message>
        <source>The title is text.</source>
        <translation>El título es texto.</translation>
    </message>
    <message>
        <source>Ask for 1 to 50 similar ideas.</source>
        <translation>Pide de 1 a 50 ideas similares.</translation>
    </message>
    <message>
        <source>Unknown review action {action!r}.</source>
        <translation>Acción de revisión desconocida {action!r}.</translation>
    </message>
    <message>
        <source>Pick the ideas to review.</source>
        <translation>Elige las ideas que revisar.</translation>
    </message>
    <message>
        <source>A reason</source>
        <translation>Un motivo</translation>
    </message>
    <message>
        <source>A note</source>
        <translation>Una nota</translation>
    </message>
    <message>
        <source>Idea #{id} is {status}; it can no longer be assigned.</source>
        <translation>La idea #{id} está {status}; ya no se puede asignar.</translation>
    </message>
    <message>
        <source>A comment</source>
        <translation>Un comentario</translation>
    </message>
    <message>
        <source>The comment replied to is not on this idea.</source>
        <translation>El comentario al que se responde no está en esta idea.</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>Pick an active person as owner.</source>
        <translation>Elige una persona activa como responsable.</translation>
    </message>
    <message>
        <source>A due date</source>
        <translation>Una fecha límite</translation>
    </message>
    <message>
        <source>A due date must be a date.</source>
        <translation>Una fecha límite debe ser una fecha.</translation>
    </message>
    <message>
        <source>A due date cannot be in the past.</source>
        <translation>Una fecha límite no puede estar en el pasado.</translation>
    </message>
</context>
<context>
    <name>services.undo</name>
    <message>
        <source>starting the review</source>
        <translation>el inicio de la revisión</translation>
    </message>
    <message>
        <source>the accept</source>
        <translation>la aceptación</translation>
    </message>
    <message>
        <source>the rejection</source>
        <translation>el rechazo</translation>
    </message>
    <message>
        <source>the send-back</source>
        <translation>la devolución</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>idea #{id}</source>
        <translation>la idea #{id}</translation>
    </message>
    <message>
        <source>Idea #{suggestion_id}</source>
        <translation>Idea #{suggestion_id}</translation>
    </message>
    <message>
        <source>Undone {action}: idea #{id} is {status} again.</source>
        <translation>Se ha deshecho {action}: la idea #{id} vuelve a estar {status}.</translation>
    </message>
    <message>
        <source>PDCA cycle</source>
        <translation>Ciclo PDCA</translation>
    </message>
    <message>
        <source>cycle {number}</source>
        <translation>el ciclo {number}</translation>
    </message>
    <message>
        <source>Cycle {number}</source>
        <translation>Ciclo {number}</translation>
    </message>
    <message>
        <source>Cycle {number} is closed and its decision applied: a closed cycle is never reopened. Start a new cycle instead.</source>
        <translation>El ciclo {number} está cerrado y su decisión aplicada: un ciclo cerrado nunca se reabre. Empieza un ciclo nuevo en su lugar.</translation>
    </message>
    <message>
        <source>There is no move of cycle {number} to undo.</source>
        <translation>No hay ningún movimiento del ciclo {number} que deshacer.</translation>
    </message>
    <message>
        <source>Undo of the move to {stage}.</source>
        <translation>Deshecho el paso a {stage}.</translation>
    </message>
    <message>
        <source>Undone: cycle {number} of idea #{id} is back in {stage}.</source>
        <translation>Deshecho: el ciclo {number} de la idea #{id} vuelve a estar en {stage}.</translation>
    </message>
    <message>
        <source>There is nothing of yours to undo on {what}: the last change there was not your decision or move.</source>
        <translation>No hay nada tuyo que deshacer en {what}: el último cambio allí no fue tu decisión ni tu movimiento.</translation>
    </message>
    <message>
        <source>Too late to undo on {what}: an undo is possible for {undo_seconds} seconds. Change it back by hand instead.</source>
        <translation>Demasiado tarde para deshacer en {what}: se puede deshacer durante {undo_seconds} segundos. Vuelve a cambiarlo a mano.</translation>
    </message>
    <message>
        <source>{what} changed since (version {version}, not {expected}): nothing was undone. Reload it and change it back by hand.</source>
        <translation>{what} ha cambiado desde entonces (versión {version}, no {expected}): no se ha deshecho nada. Vuelve a cargar y cámbialo a mano.</translation>
    </message>
    <message>
        <source>Idea #{id} already has more than one PDCA cycle: nothing was undone.</source>
        <translation>La idea #{id} ya tiene más de un ciclo PDCA: no se ha deshecho nada.</translation>
    </message>
    <message>
        <source>Cycle {number} of idea #{id} was already worked on: undoing the accept would lose that work, so nothing was undone.</source>
        <translation>El ciclo {number} de la idea #{id} ya se trabajó: deshacer la aceptación perdería ese trabajo, así que no se ha deshecho nada.</translation>
    </message>
</context>
<context>
    <name>simulation.calibrate</name>
    <message>
        <source>Calibrated from the event log</source>
        <translation>Calibrado a partir del registro de eventos</translation>
    </message>
    <message>
        <source>time_unit must be one of {names}.</source>
        <translation>time_unit debe ser uno de {names}.</translation>
    </message>
    <message>
        <source>The log has no events to calibrate from.</source>
        <translation>El registro no tiene eventos con los que calibrar.</translation>
    </message>
    <message>
        <source>No activity instance could be read from the log (a log with start events needs their complete events).</source>
        <translation>No se pudo leer ninguna instancia de actividad del registro (un registro con eventos de inicio necesita sus eventos de fin).</translation>
    </message>
    <message>
        <source>The log needs at least two cases at different times to estimate the arrivals.</source>
        <translation>El registro necesita al menos dos casos en momentos distintos para estimar las llegadas.</translation>
    </message>
</context>
<context>
    <name>simulation.change_doc</name>
    <message>
        <source>A change is an object with a &quot;change&quot; kind.</source>
        <translation>Un cambio es un objeto con un tipo &quot;change&quot;.</translation>
    </message>
    <message>
        <source>A change&apos;s kind is one of {kinds}.</source>
        <translation>El tipo de un cambio es uno de {kinds}.</translation>
    </message>
    <message>
        <source>The change {change} needs {fields}.</source>
        <translation>El cambio {change} necesita {fields}.</translation>
    </message>
    <message>
        <source>The changes are a list.</source>
        <translation>Los cambios son una lista.</translation>
    </message>
    <message>
        <source>Remove step {step}</source>
        <translation>Quitar paso {step}</translation>
    </message>
    <message>
        <source>Add step {name}</source>
        <translation>Añadir paso {name}</translation>
    </message>
    <message>
        <source>Take {count} resource from {step}</source>
        <translation>Quitar {count} recurso de {step}</translation>
    </message>
    <message>
        <source>Take {count} resources from {step}</source>
        <translation>Quitar {count} recursos de {step}</translation>
    </message>
    <message>
        <source>Add {count} resource to {step}</source>
        <translation>Añadir {count} recurso a {step}</translation>
    </message>
    <message>
        <source>Add {count} resources to {step}</source>
        <translation>Añadir {count} recursos a {step}</translation>
    </message>
    <message>
        <source>{step}: duration x {factor:.3g}</source>
        <translation>{step}: duración x {factor:.3g}</translation>
    </message>
    <message>
        <source>{step}: duration set to {distribution}</source>
        <translation>{step}: duración fijada en {distribution}</translation>
    </message>
    <message>
        <source>Reroute {source} to {targets}</source>
        <translation>Desviar {source} a {targets}</translation>
    </message>
    <message>
        <source>Demand x {factor:.3g}</source>
        <translation>Demanda x {factor:.3g}</translation>
    </message>
</context>
<context>
    <name>simulation.runner</name>
    <message>
        <source>replications must be a whole number from 1 to {most}.</source>
        <translation>replications debe ser un número entero de 1 a {most}.</translation>
    </message>
    <message>
        <source>seed must be a whole number of 0 or more.</source>
        <translation>seed debe ser un número entero de 0 o más.</translation>
    </message>
    <message>
        <source>arrivals: the time between arrivals averages 0, so endless cases would arrive at once; give it a mean above 0.</source>
        <translation>arrivals: el tiempo entre llegadas es de media 0, así que llegarían infinitos casos a la vez; indica una media mayor que 0.</translation>
    </message>
    <message>
        <source>horizon: {horizon} {units} bring about {cases} cases per replication; at most {most} are simulated. Shorten the horizon.</source>
        <translation>horizon: {horizon} {units} dan unos {cases} casos por réplica; se simulan como máximo {most}. Acorta el horizonte.</translation>
    </message>
    <message>
        <source>warmup must be a time of 0 or more, below the horizon ({horizon} {units}).</source>
        <translation>warmup debe ser un tiempo de 0 o más, por debajo del horizonte ({horizon} {units}).</translation>
    </message>
    <message>
        <source>{name} must be a time above 0 (in {units}).</source>
        <translation>{name} debe ser un tiempo mayor que 0 (en {units}).</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>segundos</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutos</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>horas</translation>
    </message>
    <message>
        <source>days</source>
        <translation>días</translation>
    </message>
</context>
<context>
    <name>simulation.scenario</name>
    <message>
        <source>The scenario changes step &quot;{name}&quot;, which the model does not have.</source>
        <translation>El escenario cambia el paso &quot;{name}&quot;, que el modelo no tiene.</translation>
    </message>
    <message>
        <source>{what} must be a number above 0.</source>
        <translation>{what} debe ser un número mayor que 0.</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot; only leads back to itself.</source>
        <translation>El paso &quot;{name}&quot; solo lleva a sí mismo.</translation>
    </message>
    <message>
        <source>The resources to add must be a whole number.</source>
        <translation>Los recursos que añadir deben ser un número entero.</translation>
    </message>
    <message>
        <source>The duration factor</source>
        <translation>El factor de duración</translation>
    </message>
    <message>
        <source>Rerouting &quot;{source}&quot; needs at least one target.</source>
        <translation>Desviar &quot;{source}&quot; necesita al menos un destino.</translation>
    </message>
    <message>
        <source>The demand factor</source>
        <translation>El factor de demanda</translation>
    </message>
    <message>
        <source>The model has no arrivals or demand to change.</source>
        <translation>El modelo no tiene llegadas ni demanda que cambiar.</translation>
    </message>
</context>
<context>
    <name>simulation.stability</name>
    <message>
        <source>The model has no arrivals (and no demand) to simulate: add &quot;arrivals&quot;.</source>
        <translation>El modelo no tiene llegadas (ni demanda) que simular: añade &quot;arrivals&quot;.</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot; is loaded at {load:.0%} (arrivals x visits x mean duration / resources): its queue will grow for as long as the run lasts, so its waits and the lead time depend on the horizon. Add resources, shorten it or lower the demand.</source>
        <translation>El paso &quot;{name}&quot; tiene una carga del {load:.0%} (llegadas x visitas x duración media / recursos): su cola crecerá mientras dure la ejecución, así que sus esperas y el tiempo de entrega dependen del horizonte. Añade recursos, acórtalo o reduce la demanda.</translation>
    </message>
</context>
<context>
    <name>ui.admin</name>
    <message>
        <source>Only admins can change people and areas</source>
        <translation>Solo los administradores pueden cambiar personas y áreas</translation>
    </message>
    <message>
        <source>Pick who is working first</source>
        <translation>Elige primero quién está trabajando</translation>
    </message>
</context>
<context>
    <name>ui.admin.area_dialog</name>
    <message>
        <source>None: top of the tree</source>
        <translation>Ninguna: raíz del árbol</translation>
    </message>
    <message>
        <source>Edit area</source>
        <translation>Editar área</translation>
    </message>
    <message>
        <source>Add area</source>
        <translation>Añadir área</translation>
    </message>
    <message>
        <source>Add an area</source>
        <translation>Añadir un área</translation>
    </message>
    <message>
        <source>Under {path}.</source>
        <translation>Dentro de {path}.</translation>
    </message>
    <message>
        <source>A new site, at the top of the tree.</source>
        <translation>Un nuevo centro, en la raíz del árbol.</translation>
    </message>
    <message>
        <source>e.g. Line C, Paint shop</source>
        <translation>p. ej. Línea C, Pintura</translation>
    </message>
    <message>
        <source>{currency} per hour</source>
        <translation>{currency} por hora</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Belongs to</source>
        <translation>Pertenece a</translation>
    </message>
    <message>
        <source>Hourly rate</source>
        <translation>Tarifa por hora</translation>
    </message>
    <message>
        <source>The kind of an area is fixed once it exists</source>
        <translation>El tipo de un área no cambia una vez creada</translation>
    </message>
    <message>
        <source>the site default</source>
        <translation>valor por defecto del centro</translation>
    </message>
    <message>
        <source>A site is the top of the tree</source>
        <translation>Un centro es la raíz del árbol</translation>
    </message>
    <message>
        <source>Leave empty to inherit {money} from {source}.</source>
        <translation>Déjalo vacío para heredar {money} ({source}).</translation>
    </message>
    <message>
        <source>{path}, hourly rate inherited</source>
        <translation>{path}, tarifa por hora heredada</translation>
    </message>
    <message>
        <source>{path}, hourly rate {rate} per hour</source>
        <translation>{path}, tarifa de {rate} por hora</translation>
    </message>
</context>
<context>
    <name>ui.admin.dialog</name>
    <message>
        <source>Type the {label} as a number, e.g. 38.50.</source>
        <translation>Escribe {label} como número, p. ej. 38,50.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>{action} (Enter)</source>
        <translation>{action} (Intro)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Close without saving (Esc)</source>
        <translation>Cerrar sin guardar (Esc)</translation>
    </message>
    <message>
        <source>Reloaded. Saved now: {now}. Your changes are still in the form: check them and save again.</source>
        <translation>Recargado. Guardado ahora: {now}. Tus cambios siguen en el formulario: revísalos y vuelve a guardar.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
</context>
<context>
    <name>ui.admin.person_dialog</name>
    <message>
        <source>The two PINs differ; type the same PIN in both fields.</source>
        <translation>Los dos PIN no coinciden; escribe el mismo PIN en ambos campos.</translation>
    </message>
    <message>
        <source>4 to 12 digits. Kaizen keeps only a salted hash of it, never the PIN itself.</source>
        <translation>De 4 a 12 dígitos. Kaizen solo guarda un hash con sal, nunca el PIN en sí.</translation>
    </message>
    <message>
        <source>Someone else changed {name} while you were editing (your copy is version {yours}, the saved one is version {saved}). Close this dialog, and edit again.</source>
        <translation>Otra persona ha cambiado a {name} mientras editabas (tu copia es la versión {yours}, la guardada es la versión {saved}). Cierra este diálogo y vuelve a editar.</translation>
    </message>
    <message>
        <source>{name} (retired)</source>
        <translation>{name} (retirada)</translation>
    </message>
    <message>
        <source>Edit person</source>
        <translation>Editar persona</translation>
    </message>
    <message>
        <source>Change the name, role or home area. Leave the PIN empty to keep it.</source>
        <translation>Cambia el nombre, el rol o el área principal. Deja el PIN vacío para conservarlo.</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>Añadir persona</translation>
    </message>
    <message>
        <source>Add a person</source>
        <translation>Añadir una persona</translation>
    </message>
    <message>
        <source>Staff pick themselves as who is working; supervisors and admins confirm with a PIN.</source>
        <translation>El personal se elige a sí mismo como quien está trabajando; supervisores y administradores confirman con un PIN.</translation>
    </message>
    <message>
        <source>First and last name</source>
        <translation>Nombre y apellidos</translation>
    </message>
    <message>
        <source>No home area</source>
        <translation>Sin área principal</translation>
    </message>
    <message>
        <source>e.g. 10482</source>
        <translation>p. ej. 10482</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Same PIN again</source>
        <translation>El mismo PIN otra vez</translation>
    </message>
    <message>
        <source>Active: can be picked as who is working</source>
        <translation>Activa: se puede elegir como quien está trabajando</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Home area</source>
        <translation>Área principal</translation>
    </message>
    <message>
        <source>Optional: the number on their badge, for the kiosk. Empty: none.</source>
        <translation>Opcional: el número de su tarjeta, para el quiosco. Vacío: ninguno.</translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation>Número de tarjeta</translation>
    </message>
    <message>
        <source>Confirm PIN</source>
        <translation>Confirmar PIN</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Empty: keep the current PIN</source>
        <translation>Vacío: conservar el PIN actual</translation>
    </message>
    <message>
        <source>Required for an admin</source>
        <translation>Obligatorio para un administrador</translation>
    </message>
    <message>
        <source>Required for a supervisor</source>
        <translation>Obligatorio para un supervisor</translation>
    </message>
    <message>
        <source>Optional for staff</source>
        <translation>Opcional para el personal</translation>
    </message>
    <message>
        <source>The new PIN replaces their current PIN; they use it to confirm who is working.</source>
        <translation>El nuevo PIN sustituye a su PIN actual; lo usa para confirmar quién está trabajando.</translation>
    </message>
    <message>
        <source>The new PIN is their first PIN; they use it to confirm who is working.</source>
        <translation>El nuevo PIN es su primer PIN; lo usa para confirmar quién está trabajando.</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>Establecer PIN</translation>
    </message>
    <message>
        <source>Set a PIN for {name}</source>
        <translation>Establecer un PIN para {name}</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>Nuevo PIN</translation>
    </message>
</context>
<context>
    <name>ui.admin.settings_dialog</name>
    <message>
        <source> days</source>
        <translation> días</translation>
    </message>
    <message>
        <source>{currency} per hour</source>
        <translation>{currency} por hora</translation>
    </message>
    <message>
        <source>Site settings</source>
        <translation>Ajustes del centro</translation>
    </message>
    <message>
        <source>Used everywhere amounts, rates and the board&apos;s colours are shown.</source>
        <translation>Se usa allí donde se muestran importes, tarifas y los colores del tablero.</translation>
    </message>
    <message>
        <source>e.g. Riverside Plant</source>
        <translation>p. ej. Planta Ribera</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> minutos</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nunca</translation>
    </message>
    <message>
        <source>One person may enter and validate savings</source>
        <translation>Validar sin segunda persona</translation>
    </message>
    <message>
        <source>Thank people in the monthly report</source>
        <translation>Dar las gracias en el informe mensual</translation>
    </message>
    <message>
        <source>Site name</source>
        <translation>Nombre del centro</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Moneda</translation>
    </message>
    <message>
        <source>A three-letter code such as EUR, USD or GBP.</source>
        <translation>Tres letras, p. ej. EUR, USD, GBP.</translation>
    </message>
    <message>
        <source>Default hourly rate</source>
        <translation>Tarifa horaria por defecto</translation>
    </message>
    <message>
        <source>For areas without a rate of their own.</source>
        <translation>Para las áreas sin tarifa propia.</translation>
    </message>
    <message>
        <source>Ageing after</source>
        <translation>Envejece tras</translation>
    </message>
    <message>
        <source>Board cards turn amber after this long in one stage.</source>
        <translation>Tarjetas en ámbar tras este tiempo.</translation>
    </message>
    <message>
        <source>Stale after</source>
        <translation>Estancada tras</translation>
    </message>
    <message>
        <source>… and red after this long.</source>
        <translation>… y rojas tras este tiempo.</translation>
    </message>
    <message>
        <source>Control-chart rules</source>
        <translation>Reglas del gráfico de control</translation>
    </message>
    <message>
        <source>For metrics without rules of their own.</source>
        <translation>Para las métricas sin reglas propias.</translation>
    </message>
    <message>
        <source>Sign out idle</source>
        <translation>Cerrar sesión inactiva</translation>
    </message>
    <message>
        <source>For shared PCs; 0: never.</source>
        <translation>Para PC compartidos; 0: nunca.</translation>
    </message>
    <message>
        <source>Savings</source>
        <translation>Ahorros</translation>
    </message>
    <message>
        <source>Only for a one-person site; audited.</source>
        <translation>Solo para centros de una persona; auditado.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Of the app, its messages and the monthly report, from the next start.</source>
        <translation>De la aplicación, sus mensajes y el informe mensual, desde el próximo inicio.</translation>
    </message>
    <message>
        <source>Recognition</source>
        <translation>Reconocimiento</translation>
    </message>
    <message>
        <source>Who implemented what, by name.</source>
        <translation>Quién implantó qué, con su nombre.</translation>
    </message>
    <message>
        <source>one person</source>
        <translation>una persona</translation>
    </message>
    <message>
        <source>a second person</source>
        <translation>una segunda persona</translation>
    </message>
    <message>
        <source>site name {site}, currency {currency}, default hourly rate {rate}, ageing after {ageing} days, stale after {stale} days, sign out idle after {idle} minutes, savings validated by {validator}, recognition {recognition}, language {language}</source>
        <translation>nombre del centro {site}, moneda {currency}, tarifa horaria por defecto {rate}, envejece tras {ageing} días, estancada tras {stale} días, cerrar sesión tras {idle} minutos de inactividad, ahorros validados por {validator}, reconocimiento {recognition}, idioma {language}</translation>
    </message>
    <message>
        <source>on</source>
        <translation>activado</translation>
    </message>
    <message>
        <source>off</source>
        <translation>desactivado</translation>
    </message>
</context>
<context>
    <name>ui.app</name>
    <message>
        <source>Opened read-only: written by a newer Kaizen. You can look around; update Kaizen to make changes.</source>
        <translation>Abierta en solo lectura: la escribió un Kaizen más nuevo. Puedes echar un vistazo; actualiza Kaizen para hacer cambios.</translation>
    </message>
    <message>
        <source>Kaizen cannot create its data folder {folder}:

{error}</source>
        <translation>Kaizen no puede crear su carpeta de datos {folder}:

{error}</translation>
    </message>
    <message>
        <source>Kaizen could not open the database.

{error}</source>
        <translation>Kaizen no ha podido abrir la base de datos.

{error}</translation>
    </message>
    <message>
        <source>Kaizen could not open the database at {location}.

{error}</source>
        <translation>Kaizen no ha podido abrir la base de datos en {location}.

{error}</translation>
    </message>
    <message>
        <source>Kaizen could not check or set aside the database file {file}:

{error}</source>
        <translation>Kaizen no ha podido comprobar ni apartar el archivo de base de datos {file}:

{error}</translation>
    </message>
    <message>
        <source>Daily backup taken and verified: {name}</source>
        <translation>Copia de seguridad diaria hecha y verificada: {name}</translation>
    </message>
    <message>
        <source>The daily backup failed: {error}</source>
        <translation>La copia de seguridad diaria ha fallado: {error}</translation>
    </message>
    <message>
        <source>Could not read the database</source>
        <translation>No se ha podido leer la base de datos</translation>
    </message>
    <message>
        <source>This database already holds data, so the demo plant was not added.</source>
        <translation>Esta base de datos ya contiene datos, así que no se ha añadido la planta de demostración.</translation>
    </message>
    <message>
        <source>Welcome, {name}. Your site is ready.</source>
        <translation>Te damos la bienvenida, {name}. Tu centro está listo.</translation>
    </message>
    <message>
        <source>Loading demo data</source>
        <translation>Cargando datos de demostración</translation>
    </message>
    <message>
        <source>The database file is damaged: nothing was written to it.</source>
        <translation>El archivo de la base de datos está dañado: no se escribió nada en él.</translation>
    </message>
    <message>
        <source>Demo data loaded.</source>
        <translation>Datos de demostración cargados.</translation>
    </message>
    <message>
        <source>The demo plant is ready</source>
        <translation>La planta de demostración está lista</translation>
    </message>
    <message>
        <source>The demo data could not be loaded</source>
        <translation>No se han podido cargar los datos de demostración</translation>
    </message>
    <message>
        <source>Welcome to Kaizen</source>
        <translation>Te damos la bienvenida a Kaizen</translation>
    </message>
    <message>
        <source>This database is empty. How would you like to start?</source>
        <translation>Esta base de datos está vacía. ¿Cómo quieres empezar?</translation>
    </message>
    <message>
        <source>Load demo data</source>
        <translation>Cargar datos de demostración</translation>
    </message>
    <message>
        <source>A sample plant to explore: ideas, waste walks, PDCA cycles, a mapped process with its KPIs, an event log and a what-if scenario.</source>
        <translation>Una planta de ejemplo para explorar: ideas, rondas de despilfarro, ciclos PDCA, un proceso mapeado con sus KPI, un registro de eventos y un escenario hipotético.</translation>
    </message>
    <message>
        <source>Start empty</source>
        <translation>Empezar vacío</translation>
    </message>
    <message>
        <source>Set up your own site: its name, your name and your admin PIN.</source>
        <translation>Configura tu propio centro: su nombre, tu nombre y tu PIN de administrador.</translation>
    </message>
    <message>
        <source>The demo fills this database. To start for real later, open Kaizen on a new database file.</source>
        <translation>La demostración llena esta base de datos. Para empezar de verdad más adelante, abre Kaizen con un archivo de base de datos nuevo.</translation>
    </message>
    <message>
        <source>Set up your site</source>
        <translation>Configura tu centro</translation>
    </message>
    <message>
        <source>You become its first admin. Admins add people and areas, and confirm who they are with the PIN.</source>
        <translation>Serás su primer administrador. Los administradores añaden personas y áreas, y confirman quiénes son con el PIN.</translation>
    </message>
    <message>
        <source>e.g. Riverside Plant</source>
        <translation>p. ej. Planta Ribera</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Tu nombre</translation>
    </message>
    <message>
        <source>4 to 12 digits</source>
        <translation>De 4 a 12 dígitos</translation>
    </message>
    <message>
        <source>The same PIN again</source>
        <translation>El mismo PIN otra vez</translation>
    </message>
    <message>
        <source>Site name</source>
        <translation>Nombre del centro</translation>
    </message>
    <message>
        <source>Admin PIN</source>
        <translation>PIN de administrador</translation>
    </message>
    <message>
        <source>Confirm PIN</source>
        <translation>Confirmar PIN</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Create site</source>
        <translation>Crear centro</translation>
    </message>
    <message>
        <source>The two PINs differ; type the same PIN twice.</source>
        <translation>Los dos PIN no coinciden; escribe el mismo PIN dos veces.</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Creando…</translation>
    </message>
</context>
<context>
    <name>ui.board.a3_export</name>
    <message>
        <source>A3 report…</source>
        <translation>Informe A3…</translation>
    </message>
    <message>
        <source>The whole change on one printable page (PDF): background, current condition, 5 whys, countermeasures, plan, results, follow-up</source>
        <translation>Todo el cambio en una página imprimible (PDF): contexto, situación actual, 5 porqués, contramedidas, plan, resultados, seguimiento</translation>
    </message>
    <message>
        <source>Save the A3 report</source>
        <translation>Guardar el informe A3</translation>
    </message>
    <message>
        <source>Writing the A3 report…</source>
        <translation>Escribiendo el informe A3…</translation>
    </message>
    <message>
        <source>A3 report written to {path}</source>
        <translation>Informe A3 guardado en {path}</translation>
    </message>
    <message>
        <source>Cannot write the A3 report: {reason}. Nothing was written.</source>
        <translation>No se puede escribir el informe A3: {reason}. No se ha escrito nada.</translation>
    </message>
    <message>
        <source>The A3 report could not be written: {reason}</source>
        <translation>No se ha podido escribir el informe A3: {reason}</translation>
    </message>
</context>
<context>
    <name>ui.board.column</name>
    <message>
        <source>Needs a complete plan</source>
        <translation>Necesita plan completo</translation>
    </message>
    <message>
        <source>Needs every action done</source>
        <translation>Acciones terminadas</translation>
    </message>
    <message>
        <source>Needs before &amp; after data</source>
        <translation>Datos de antes y después</translation>
    </message>
    <message>
        <source>Needs a decision</source>
        <translation>Necesita una decisión</translation>
    </message>
    <message>
        <source>Closed this month</source>
        <translation>Cerradas este mes</translation>
    </message>
    <message>
        <source>To move to Do: a problem statement, a target metric and value, and a countermeasure.</source>
        <translation>Para pasar a Hacer: una descripción del problema, una métrica y un valor objetivo, y una contramedida.</translation>
    </message>
    <message>
        <source>To move to Check: at least one action, and every action done.</source>
        <translation>Para pasar a Verificar: al menos una acción, y todas las acciones hechas.</translation>
    </message>
    <message>
        <source>To move to Act: a metric with before and after measurements.</source>
        <translation>Para pasar a Actuar: una métrica con mediciones de antes y después.</translation>
    </message>
    <message>
        <source>To move to Done: adopt, adapt or abandon. Moving to Done applies it.</source>
        <translation>Para pasar a Hecho: adoptar, adaptar o abandonar. Pasar a Hecho lo aplica.</translation>
    </message>
    <message>
        <source>Changes standardised or abandoned this month.</source>
        <translation>Cambios estandarizados o abandonados este mes.</translation>
    </message>
    <message>
        <source>{stage} cards</source>
        <translation>Tarjetas en {stage}</translation>
    </message>
    <message>
        <source>No cards</source>
        <translation>Sin tarjetas</translation>
    </message>
    <message>
        <source>Drop the card here</source>
        <translation>Suelta la tarjeta aquí</translation>
    </message>
    <message>
        <source>{stage}: {count} cards</source>
        <translation>{stage}: {count} tarjetas</translation>
    </message>
</context>
<context>
    <name>ui.board.cycle.act_tab</name>
    <message>
        <source>Adopt</source>
        <translation>Adoptar</translation>
    </message>
    <message>
        <source>It worked: it becomes the new standard.</source>
        <translation>Ha funcionado: pasa a ser el nuevo estándar.</translation>
    </message>
    <message>
        <source>Adapt</source>
        <translation>Adaptar</translation>
    </message>
    <message>
        <source>Partly: a new cycle starts in Plan, carrying what was learned.</source>
        <translation>En parte: empieza un nuevo ciclo en Planificar, con lo aprendido.</translation>
    </message>
    <message>
        <source>Abandon</source>
        <translation>Abandonar</translation>
    </message>
    <message>
        <source>It did not work: say why, so others learn.</source>
        <translation>No ha funcionado: di por qué, para que otros aprendan.</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <source>Which work instruction, layout or checklist changed</source>
        <translation>Qué instrucción de trabajo, disposición o lista de control ha cambiado</translation>
    </message>
    <message>
        <source>Standard change</source>
        <translation>Cambio de estándar</translation>
    </message>
    <message>
        <source>Needed to adopt.</source>
        <translation>Necesario para adoptar.</translation>
    </message>
    <message>
        <source>What other areas can learn or copy from this change</source>
        <translation>Qué pueden aprender o copiar otras áreas de este cambio</translation>
    </message>
    <message>
        <source>Share with other areas</source>
        <translation>Compartir con otras áreas</translation>
    </message>
    <message>
        <source>Needed to abandon; with adapt it is the learning carried into the next cycle.</source>
        <translation>Necesario para abandonar; al adaptar, es lo aprendido que pasa al siguiente ciclo.</translation>
    </message>
    <message>
        <source>Save decision</source>
        <translation>Guardar decisión</translation>
    </message>
    <message>
        <source>Save the decision (Ctrl+S); it applies when the card moves to Done</source>
        <translation>Guardar la decisión (Ctrl+S); se aplica cuando la tarjeta pasa a Hecho</translation>
    </message>
    <message>
        <source>Save and close the cycle</source>
        <translation>Guardar y cerrar el ciclo</translation>
    </message>
    <message>
        <source>Save the decision and move the card from Act to Done, which applies it</source>
        <translation>Guardar la decisión y pasar la tarjeta de Actuar a Hecho, lo que la aplica</translation>
    </message>
    <message>
        <source>Choose adopt, adapt or abandon.</source>
        <translation>Elige adoptar, adaptar o abandonar.</translation>
    </message>
    <message>
        <source>Moving the card from Act to Done applies the decision: adopt standardises the idea, adapt starts the next cycle in Plan, abandon closes the idea.</source>
        <translation>Pasar la tarjeta de Actuar a Hecho aplica la decisión: adoptar estandariza la idea, adaptar inicia el siguiente ciclo en Planificar, abandonar cierra la idea.</translation>
    </message>
    <message>
        <source>The decision is taken in Act.</source>
        <translation>La decisión se toma en Actuar.</translation>
    </message>
</context>
<context>
    <name>ui.board.cycle.check_tab</name>
    <message>
        <source>Metrics</source>
        <translation>Métricas</translation>
    </message>
    <message>
        <source>Before and after samples of the idea&apos;s metrics; the move to Act needs at least one metric with both.</source>
        <translation>Muestras de antes y después de las métricas de la idea; para pasar a Actuar hace falta al menos una métrica con ambas.</translation>
    </message>
    <message>
        <source>Record them in Measurements</source>
        <translation>Regístralas en Mediciones</translation>
    </message>
    <message>
        <source>Open the Measurements view on this cycle&apos;s metric</source>
        <translation>Abrir la vista Mediciones en la métrica de este ciclo</translation>
    </message>
    <message>
        <source>No metrics yet: add one in Measurements with before data, then after data once the change is in place.</source>
        <translation>Aún no hay métricas: añade una en Mediciones con datos de antes, y luego datos de después cuando el cambio esté en marcha.</translation>
    </message>
    <message>
        <source>What the data shows: did the change reach the target?</source>
        <translation>Qué muestran los datos: ¿ha alcanzado el cambio el objetivo?</translation>
    </message>
    <message>
        <source>Check result</source>
        <translation>Resultado de la verificación</translation>
    </message>
    <message>
        <source>Save check result</source>
        <translation>Guardar resultado</translation>
    </message>
    <message>
        <source>Save the check result (Ctrl+S)</source>
        <translation>Guardar el resultado de la verificación (Ctrl+S)</translation>
    </message>
    <message>
        <source>The check result is written in Check or Act.</source>
        <translation>El resultado se escribe en Verificar o Actuar.</translation>
    </message>
</context>
<context>
    <name>ui.board.cycle.do_tab</name>
    <message>
        <source>No actions yet. Add what has to be done to carry out the countermeasure; the cycle moves on to Check when every action is done.</source>
        <translation>Aún no hay acciones. Añade lo que hay que hacer para llevar a cabo la contramedida; el ciclo pasa a Verificar cuando todas las acciones están hechas.</translation>
    </message>
    <message>
        <source>Add an action</source>
        <translation>Añadir una acción</translation>
    </message>
    <message>
        <source>What has to be done</source>
        <translation>Qué hay que hacer</translation>
    </message>
    <message>
        <source>No owner</source>
        <translation>Sin responsable</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fecha límite</translation>
    </message>
    <message>
        <source>Add action</source>
        <translation>Añadir acción</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>{done} of {count} actions done.</source>
        <translation>{done} de {count} acciones hechas.</translation>
    </message>
    <message>
        <source>{count} overdue (in red).</source>
        <translation>{count} vencidas (en rojo).</translation>
    </message>
    <message>
        <source>Actions change in Plan or Do; move the card back to Do to change them.</source>
        <translation>Las acciones se cambian en Planificar o Hacer; devuelve la tarjeta a Hacer para cambiarlas.</translation>
    </message>
</context>
<context>
    <name>ui.board.cycle.history_tab</name>
    <message>
        <source>&lt; 1 d</source>
        <translation>&lt; 1 d</translation>
    </message>
    <message>
        <source>{days} d</source>
        <translation>{days} d</translation>
    </message>
    <message>
        <source>Stage changes</source>
        <translation>Cambios de etapa</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>ninguna aún</translation>
    </message>
    <message>
        <source>Time in each stage: {times}.</source>
        <translation>Tiempo en cada etapa: {times}.</translation>
    </message>
    <message>
        <source>Lead time from Plan to Done: {days}.</source>
        <translation>Tiempo de entrega de Planificar a Hecho: {days}.</translation>
    </message>
</context>
<context>
    <name>ui.board.cycle.plan_tab</name>
    <message>
        <source>What goes wrong, where, how often, how much it costs</source>
        <translation>Qué falla, dónde, con qué frecuencia, cuánto cuesta</translation>
    </message>
    <message>
        <source>Problem statement</source>
        <translation>Descripción del problema</translation>
    </message>
    <message>
        <source>Five whys</source>
        <translation>Cinco porqués</translation>
    </message>
    <message>
        <source>Ask why the problem happens, then why that answer happens, up to five times.</source>
        <translation>Pregunta por qué ocurre el problema, luego por qué ocurre esa respuesta, hasta cinco veces.</translation>
    </message>
    <message>
        <source>The cause that, removed, stops the problem</source>
        <translation>La causa que, eliminada, acaba con el problema</translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation>Causa raíz</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>Metric, e.g. Changeover time (min)</source>
        <translation>Métrica, p. ej. Tiempo de cambio (min)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>To</source>
        <translation>A</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Para</translation>
    </message>
    <message>
        <source>By when the target should be reached</source>
        <translation>Para cuándo debe alcanzarse el objetivo</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Métrica</translation>
    </message>
    <message>
        <source>What will be changed to remove the root cause</source>
        <translation>Qué se cambiará para eliminar la causa raíz</translation>
    </message>
    <message>
        <source>Countermeasure</source>
        <translation>Contramedida</translation>
    </message>
    <message>
        <source>Save plan</source>
        <translation>Guardar plan</translation>
    </message>
    <message>
        <source>Save the plan (Ctrl+Enter or Ctrl+S)</source>
        <translation>Guardar el plan (Ctrl+Enter o Ctrl+S)</translation>
    </message>
    <message>
        <source>The starting value</source>
        <translation>El valor inicial</translation>
    </message>
    <message>
        <source>The target value</source>
        <translation>El valor objetivo</translation>
    </message>
    <message>
        <source>{label} must be a number.</source>
        <translation>{label} debe ser un número.</translation>
    </message>
</context>
<context>
    <name>ui.board.delegate</name>
    <message>
        <source>Fresh</source>
        <translation>Reciente</translation>
    </message>
    <message>
        <source>Ageing</source>
        <translation>Envejeciendo</translation>
    </message>
    <message>
        <source>Stale</source>
        <translation>Estancada</translation>
    </message>
    <message>
        <source>No owner</source>
        <translation>Sin responsable</translation>
    </message>
    <message>
        <source>Cycle {number}</source>
        <translation>Ciclo {number}</translation>
    </message>
    <message>
        <source>{days} d in stage</source>
        <translation>{days} d en la etapa</translation>
    </message>
    <message>
        <source>{days} d</source>
        <translation>{days} d</translation>
    </message>
    <message>
        <source>{count} overdue</source>
        <translation>{count} vencidas</translation>
    </message>
</context>
<context>
    <name>ui.board.detail</name>
    <message>
        <source>Standardised</source>
        <translation>Estandarizada</translation>
    </message>
    <message>
        <source>Adapted</source>
        <translation>Adaptada</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Abandonada</translation>
    </message>
    <message>
        <source>PDCA cycle</source>
        <translation>Ciclo PDCA</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recargar</translation>
    </message>
    <message>
        <source>Read the cycle again (F5); what you typed is replaced</source>
        <translation>Volver a leer el ciclo (F5); lo que has escrito se sustituye</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Close the panel (Esc)</source>
        <translation>Cerrar el panel (Esc)</translation>
    </message>
    <message>
        <source>The cycle could not be read: {reason}</source>
        <translation>No se ha podido leer el ciclo: {reason}</translation>
    </message>
    <message>
        <source>{title} — cycle {number}</source>
        <translation>{title} — ciclo {number}</translation>
    </message>
    <message>
        <source>no owner</source>
        <translation>sin responsable</translation>
    </message>
    <message>
        <source>Cycle {number}  ·  Owner: {owner}  ·  Area: {area}  ·  Started {day}</source>
        <translation>Ciclo {number}  ·  Responsable: {owner}  ·  Área: {area}  ·  Iniciado el {day}</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Cerrada</translation>
    </message>
    <message>
        <source>Done · {outcome}</source>
        <translation>Hecho · {outcome}</translation>
    </message>
    <message>
        <source>{stage} · {days} d</source>
        <translation>{stage} · {days} d</translation>
    </message>
    <message>
        <source>Pick who is working first to change this cycle.</source>
        <translation>Elige primero quién está trabajando para cambiar este ciclo.</translation>
    </message>
    <message>
        <source>Cycle {number} is closed: it is kept as it was.</source>
        <translation>El ciclo {number} está cerrado: se conserva tal como estaba.</translation>
    </message>
    <message>
        <source>{name} is {role}: you can tick the actions you own; supervisors and admins edit the cycle.</source>
        <translation>{name} es {role}: puedes marcar las acciones de las que eres responsable; los supervisores y administradores editan el ciclo.</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Elige primero quién está trabajando.</translation>
    </message>
    <message>
        <source>The plan is saved.</source>
        <translation>El plan está guardado.</translation>
    </message>
    <message>
        <source>The action is added.</source>
        <translation>La acción está añadida.</translation>
    </message>
    <message>
        <source>The check result is saved.</source>
        <translation>El resultado de la verificación está guardado.</translation>
    </message>
    <message>
        <source>The decision is saved; it applies when the card moves to Done.</source>
        <translation>La decisión está guardada; se aplica cuando la tarjeta pasa a Hecho.</translation>
    </message>
    <message>
        <source>Cycle {number} is closed. Cycle {next} starts in Plan on the board, carrying the learning.</source>
        <translation>El ciclo {number} está cerrado. El ciclo {next} empieza en Planificar en el tablero, con lo aprendido.</translation>
    </message>
    <message>
        <source>The cycle is closed and the idea is standardised.</source>
        <translation>El ciclo está cerrado y la idea está estandarizada.</translation>
    </message>
    <message>
        <source>The cycle is closed and the idea is abandoned.</source>
        <translation>El ciclo está cerrado y la idea está abandonada.</translation>
    </message>
</context>
<context>
    <name>ui.board.models</name>
    <message>
        <source>Standardised</source>
        <translation>Estandarizada</translation>
    </message>
    <message>
        <source>Adapted</source>
        <translation>Adaptada</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Abandonada</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Cerrada</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>nadie</translation>
    </message>
    <message>
        <source>cycle {number}</source>
        <translation>ciclo {number}</translation>
    </message>
    <message>
        <source>owner {name}</source>
        <translation>responsable {name}</translation>
    </message>
    <message>
        <source>{outcome} on {day}</source>
        <translation>{outcome} el {day}</translation>
    </message>
    <message>
        <source>{days} days in {stage}</source>
        <translation>{days} días en {stage}</translation>
    </message>
    <message>
        <source>{count} open actions</source>
        <translation>{count} acciones abiertas</translation>
    </message>
    <message>
        <source>{count} overdue</source>
        <translation>{count} vencidas</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fecha límite</translation>
    </message>
    <message>
        <source>{day} · overdue</source>
        <translation>{day} · vencida</translation>
    </message>
    <message>
        <source>Done on {day}</source>
        <translation>Hecha el {day}</translation>
    </message>
    <message>
        <source>Overdue: past its due date and not done</source>
        <translation>Vencida: pasada su fecha límite y sin hacer</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Métrica</translation>
    </message>
    <message>
        <source>Before n</source>
        <translation>Antes n</translation>
    </message>
    <message>
        <source>Before mean</source>
        <translation>Media antes</translation>
    </message>
    <message>
        <source>After n</source>
        <translation>Después n</translation>
    </message>
    <message>
        <source>After mean</source>
        <translation>Media después</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <source>no unit</source>
        <translation>sin unidad</translation>
    </message>
    <message>
        <source>{name} ({unit}, lower is better)</source>
        <translation>{name} ({unit}, menor es mejor)</translation>
    </message>
    <message>
        <source>{name} ({unit}, higher is better)</source>
        <translation>{name} ({unit}, mayor es mejor)</translation>
    </message>
    <message>
        <source>Change of the mean from before to after; whether it is statistically real is shown in Measurements.</source>
        <translation>Cambio de la media de antes a después; si es estadísticamente real se muestra en Mediciones.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Movimiento</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Opened in {stage}</source>
        <translation>Abierta en {stage}</translation>
    </message>
    <message>
        <source>{move} (back)</source>
        <translation>{move} (atrás)</translation>
    </message>
    <message>
        <source>Cycle</source>
        <translation>Ciclo</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>open</source>
        <translation>abierto</translation>
    </message>
    <message>
        <source>add</source>
        <translation>añadido</translation>
    </message>
    <message>
        <source>update plan</source>
        <translation>plan actualizado</translation>
    </message>
    <message>
        <source>done</source>
        <translation>hecha</translation>
    </message>
    <message>
        <source>undone</source>
        <translation>reabierta</translation>
    </message>
    <message>
        <source>record check</source>
        <translation>verificación registrada</translation>
    </message>
    <message>
        <source>decide</source>
        <translation>decidido</translation>
    </message>
    <message>
        <source>move</source>
        <translation>movido</translation>
    </message>
    <message>
        <source>standardise</source>
        <translation>estandarizada</translation>
    </message>
    <message>
        <source>abandon</source>
        <translation>abandonada</translation>
    </message>
    <message>
        <source>add measurements</source>
        <translation>mediciones añadidas</translation>
    </message>
    <message>
        <source>import measurements</source>
        <translation>mediciones importadas</translation>
    </message>
    <message>
        <source>stage</source>
        <translation>etapa</translation>
    </message>
    <message>
        <source>stage entered at</source>
        <translation>en la etapa desde</translation>
    </message>
    <message>
        <source>number</source>
        <translation>número</translation>
    </message>
    <message>
        <source>problem statement</source>
        <translation>descripción del problema</translation>
    </message>
    <message>
        <source>why chain</source>
        <translation>cadena de porqués</translation>
    </message>
    <message>
        <source>root cause</source>
        <translation>causa raíz</translation>
    </message>
    <message>
        <source>target metric</source>
        <translation>métrica objetivo</translation>
    </message>
    <message>
        <source>target from</source>
        <translation>objetivo desde</translation>
    </message>
    <message>
        <source>target to</source>
        <translation>objetivo hasta</translation>
    </message>
    <message>
        <source>target by</source>
        <translation>objetivo para</translation>
    </message>
    <message>
        <source>countermeasure</source>
        <translation>contramedida</translation>
    </message>
    <message>
        <source>check result</source>
        <translation>resultado de la verificación</translation>
    </message>
    <message>
        <source>act decision</source>
        <translation>decisión</translation>
    </message>
    <message>
        <source>standard change</source>
        <translation>cambio de estándar</translation>
    </message>
    <message>
        <source>share note</source>
        <translation>nota para compartir</translation>
    </message>
    <message>
        <source>closed at</source>
        <translation>cerrado el</translation>
    </message>
    <message>
        <source>text</source>
        <translation>texto</translation>
    </message>
    <message>
        <source>due date</source>
        <translation>fecha límite</translation>
    </message>
    <message>
        <source>done at</source>
        <translation>hecha el</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nombre</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>unidad</translation>
    </message>
    <message>
        <source>direction</source>
        <translation>dirección</translation>
    </message>
    <message>
        <source>status</source>
        <translation>estado</translation>
    </message>
    <message>
        <source>title</source>
        <translation>título</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>problema</translation>
    </message>
    <message>
        <source>proposal</source>
        <translation>propuesta</translation>
    </message>
    <message>
        <source>wastes</source>
        <translation>despilfarros</translation>
    </message>
    <message>
        <source>expected savings</source>
        <translation>ahorros esperados</translation>
    </message>
    <message>
        <source>implementation cost</source>
        <translation>coste de implantación</translation>
    </message>
    <message>
        <source>impact</source>
        <translation>impacto</translation>
    </message>
    <message>
        <source>effort</source>
        <translation>esfuerzo</translation>
    </message>
    <message>
        <source>review note</source>
        <translation>nota de revisión</translation>
    </message>
    <message>
        <source>category</source>
        <translation>categoría</translation>
    </message>
    <message>
        <source>description</source>
        <translation>descripción</translation>
    </message>
    <message>
        <source>minutes per occurrence</source>
        <translation>minutos por ocurrencia</translation>
    </message>
    <message>
        <source>occurrences per week</source>
        <translation>ocurrencias por semana</translation>
    </message>
    <message>
        <source>cost per occurrence</source>
        <translation>coste por ocurrencia</translation>
    </message>
    <message>
        <source>observed at</source>
        <translation>observado el</translation>
    </message>
    <message>
        <source>body</source>
        <translation>texto</translation>
    </message>
    <message>
        <source>file name</source>
        <translation>nombre de archivo</translation>
    </message>
    <message>
        <source>from stage</source>
        <translation>de la etapa</translation>
    </message>
    <message>
        <source>to stage</source>
        <translation>a la etapa</translation>
    </message>
    <message>
        <source>note</source>
        <translation>nota</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>motivo</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Cambios</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Sistema</translation>
    </message>
    <message>
        <source>{kind}: {action}</source>
        <translation>{kind}: {action}</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>vacío</translation>
    </message>
</context>
<context>
    <name>ui.board.move_note</name>
    <message>
        <source>Move back to {stage}</source>
        <translation>Devolver a {stage}</translation>
    </message>
    <message>
        <source>Move back from {old} to {new}</source>
        <translation>Devolver de {old} a {new}</translation>
    </message>
    <message>
        <source>“{title}”, cycle {number}. Say why it goes back: the note is kept in the card&apos;s history for everyone who looks at it later.</source>
        <translation>«{title}», ciclo {number}. Di por qué vuelve atrás: la nota queda en el historial de la tarjeta para quien la consulte más tarde.</translation>
    </message>
    <message>
        <source>Why does it go back? (required)</source>
        <translation>¿Por qué vuelve atrás? (obligatorio)</translation>
    </message>
    <message>
        <source>Move back</source>
        <translation>Devolver</translation>
    </message>
    <message>
        <source>Move the card back (Ctrl+Enter)</source>
        <translation>Devolver la tarjeta (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Say why the cycle goes back from {old} to {new}.</source>
        <translation>Di por qué el ciclo vuelve de {old} a {new}.</translation>
    </message>
</context>
<context>
    <name>ui.board.whys</name>
    <message>
        <source>Ask why again</source>
        <translation>Preguntar por qué otra vez</translation>
    </message>
    <message>
        <source>Use last answer as root cause</source>
        <translation>Usar la última respuesta como causa raíz</translation>
    </message>
    <message>
        <source>Why {number}?</source>
        <translation>¿Por qué {number}?</translation>
    </message>
    <message>
        <source>Remove this why (or empty its text)</source>
        <translation>Quitar este porqué (o vaciar su texto)</translation>
    </message>
    <message>
        <source>Why does the problem happen?</source>
        <translation>¿Por qué ocurre el problema?</translation>
    </message>
    <message>
        <source>Why does “{answer}” happen?</source>
        <translation>¿Por qué ocurre «{answer}»?</translation>
    </message>
    <message>
        <source>Why does that happen?</source>
        <translation>¿Por qué ocurre eso?</translation>
    </message>
    <message>
        <source>Ask why the last answer happens</source>
        <translation>Preguntar por qué ocurre la última respuesta</translation>
    </message>
    <message>
        <source>Five whys at most: the fifth answer is usually the root cause.</source>
        <translation>Cinco porqués como máximo: la quinta respuesta suele ser la causa raíz.</translation>
    </message>
</context>
<context>
    <name>ui.capture</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Close without saving (Esc)</source>
        <translation>Cerrar sin guardar (Esc)</translation>
    </message>
    <message>
        <source>Save and new</source>
        <translation>Guardar y nuevo</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Save and close (Ctrl+Enter)</source>
        <translation>Guardar y cerrar (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Save, then clear the form for the next one (Ctrl+Shift+Enter)</source>
        <translation>Guardar y vaciar el formulario para el siguiente (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>Discard what you typed?</source>
        <translation>¿Descartar lo que has escrito?</translation>
    </message>
    <message>
        <source>#{id} saved</source>
        <translation>#{id} guardado</translation>
    </message>
    <message>
        <source>By {name}</source>
        <translation>De {name}</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>The areas could not be loaded: {error}</source>
        <translation>No se pudieron cargar las áreas: {error}</translation>
    </message>
    <message>
        <source>Waiting for photos…</source>
        <translation>Esperando fotos…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>✓ {saved}. Ready for the next one.</source>
        <translation>✓ {saved}. Listo para el siguiente.</translation>
    </message>
    <message>
        <source>Discard?</source>
        <translation>¿Descartar?</translation>
    </message>
    <message>
        <source>What you typed has not been saved and will be lost.</source>
        <translation>Lo que has escrito no se ha guardado y se perderá.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Seguir editando</translation>
    </message>
</context>
<context>
    <name>ui.capture.idea_form</name>
    <message>
        <source>New idea</source>
        <translation>Nueva idea</translation>
    </message>
    <message>
        <source>Save the idea and close (Ctrl+Enter)</source>
        <translation>Guardar la idea y cerrar (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Save, then clear the form for the next idea (Ctrl+Shift+Enter)</source>
        <translation>Guardar y vaciar el formulario para la siguiente idea (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>Discard this idea?</source>
        <translation>¿Descartar esta idea?</translation>
    </message>
    <message>
        <source>By {name} · a supervisor reviews it next</source>
        <translation>De {name} · después la revisa un supervisor</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>What is wrong now</source>
        <translation>Qué falla ahora</translation>
    </message>
    <message>
        <source>What to change</source>
        <translation>Qué cambiar</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>A short name for the idea</source>
        <translation>Un nombre corto para la idea</translation>
    </message>
    <message>
        <source>What goes wrong today, where and how often?</source>
        <translation>¿Qué falla hoy, dónde y con qué frecuencia?</translation>
    </message>
    <message>
        <source>What would you change, and how?</source>
        <translation>¿Qué cambiarías y cómo?</translation>
    </message>
    <message>
        <source>Expected savings a year</source>
        <translation>Ahorros esperados al año</translation>
    </message>
    <message>
        <source>a year</source>
        <translation>al año</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>Impacto</translation>
    </message>
    <message>
        <source>small</source>
        <translation>pequeño</translation>
    </message>
    <message>
        <source>large</source>
        <translation>grande</translation>
    </message>
    <message>
        <source>Effort</source>
        <translation>Esfuerzo</translation>
    </message>
    <message>
        <source>easy</source>
        <translation>fácil</translation>
    </message>
    <message>
        <source>hard</source>
        <translation>difícil</translation>
    </message>
    <message>
        <source>Wastes it attacks</source>
        <translation>Despilfarros</translation>
    </message>
    <message>
        <source>Expected savings</source>
        <translation>Ahorros esperados</translation>
    </message>
    <message>
        <source>Idea #{id} saved</source>
        <translation>Idea #{id} guardada</translation>
    </message>
</context>
<context>
    <name>ui.capture.observation_form</name>
    <message>
        <source>Type the minutes and the times a week to see the yearly cost.</source>
        <translation>Escribe los minutos y las veces por semana para ver el coste anual.</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} h</translation>
    </message>
    <message>
        <source>≈ {money} a year · {hours}</source>
        <translation>≈ {money} al año · {hours}</translation>
    </message>
    <message>
        <source>Log waste</source>
        <translation>Registrar despilfarro</translation>
    </message>
    <message>
        <source>Save the observation and close (Ctrl+Enter)</source>
        <translation>Guardar la observación y cerrar (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Save, then clear the form for the next observation (Ctrl+Shift+Enter)</source>
        <translation>Guardar y vaciar el formulario para la siguiente observación (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>Discard this observation?</source>
        <translation>¿Descartar esta observación?</translation>
    </message>
    <message>
        <source>Seen by {name} · priced at the area&apos;s hourly rate</source>
        <translation>Vista por {name} · valorada con la tarifa por hora del área</translation>
    </message>
    <message>
        <source>Which waste did you see?</source>
        <translation>¿Qué despilfarro has visto?</translation>
    </message>
    <message>
        <source>keys 1–7 pick one, arrows move</source>
        <translation>teclas 1–7 eligen, flechas mueven</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>What was seen</source>
        <translation>Qué se vio</translation>
    </message>
    <message>
        <source>What did you see? Where, doing what?</source>
        <translation>¿Qué has visto? ¿Dónde, haciendo qué?</translation>
    </message>
    <message>
        <source>Minutes lost each time</source>
        <translation>Minutos perdidos cada vez</translation>
    </message>
    <message>
        <source>Times a week</source>
        <translation>Veces por semana</translation>
    </message>
    <message>
        <source>Cost each time</source>
        <translation>Coste cada vez</translation>
    </message>
    <message>
        <source>each time (material, scrap; optional)</source>
        <translation>cada vez (material, chatarra)</translation>
    </message>
    <message>
        <source>Yearly cost</source>
        <translation>Coste anual</translation>
    </message>
    <message>
        <source>Time lost</source>
        <translation>Tiempo perdido</translation>
    </message>
    <message>
        <source>min each time</source>
        <translation>min/vez</translation>
    </message>
    <message>
        <source>times a week</source>
        <translation>por semana</translation>
    </message>
    <message>
        <source>Direct cost</source>
        <translation>Coste directo</translation>
    </message>
    <message>
        <source>In a year</source>
        <translation>En un año</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>{per_week} times a week, 52 weeks; time at {rate} an hour ({area})</source>
        <translation>{per_week}×/semana, 52 semanas; {rate}/h ({area})</translation>
    </message>
    <message>
        <source>Pick the waste you saw (keys 1–7).</source>
        <translation>Elige el despilfarro que viste (teclas 1–7).</translation>
    </message>
    <message>
        <source>Observation #{id} saved</source>
        <translation>Observación #{id} guardada</translation>
    </message>
</context>
<context>
    <name>ui.capture.similar_ideas</name>
    <message>
        <source>Similar ideas already exist:</source>
        <translation>Ya existen ideas parecidas:</translation>
    </message>
</context>
<context>
    <name>ui.capture.waste_picker</name>
    <message>
        <source>{label}: {help} (key {number})</source>
        <translation>{label}: {help} (tecla {number})</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>Despilfarro</translation>
    </message>
    <message>
        <source>Wastes it attacks</source>
        <translation>Despilfarros que ataca</translation>
    </message>
    <message>
        <source>{help} (key {number})</source>
        <translation>{help} (tecla {number})</translation>
    </message>
</context>
<context>
    <name>ui.charts.chart_widget</name>
    <message>
        <source>Drawing the chart…</source>
        <translation>Dibujando el gráfico…</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Guardar…</translation>
    </message>
    <message>
        <source>Save this chart as a PNG image or an SVG drawing</source>
        <translation>Guardar este gráfico como imagen PNG o dibujo SVG</translation>
    </message>
    <message>
        <source>The chart could not be drawn: {error}</source>
        <translation>No se pudo dibujar el gráfico: {error}</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Imagen PNG (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>Dibujo SVG (*.svg)</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>Guardar gráfico</translation>
    </message>
    <message>
        <source>The chart could not be saved: {error}</source>
        <translation>No se pudo guardar el gráfico: {error}</translation>
    </message>
    <message>
        <source>Chart not saved</source>
        <translation>Gráfico no guardado</translation>
    </message>
</context>
<context>
    <name>ui.database_dialog</name>
    <message>
        <source>Daily (automatic)</source>
        <translation>Diaria (automática)</translation>
    </message>
    <message>
        <source>Taken by hand</source>
        <translation>Hecha a mano</translation>
    </message>
    <message>
        <source>Before upgrading from {revision}</source>
        <translation>Antes de actualizar desde {revision}</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Copia de seguridad</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Hecha</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
    <message>
        <source>Database and backups</source>
        <translation>Base de datos y copias de seguridad</translation>
    </message>
    <message>
        <source>Database: {file}</source>
        <translation>Base de datos: {file}</translation>
    </message>
    <message>
        <source>Kaizen takes a verified backup on start when the newest is over a day old, and keeps the recent ones plus one a week and one a month.</source>
        <translation>Kaizen hace una copia verificada al arrancar si la más reciente tiene más de un día, y guarda las recientes más una por semana y una por mes.</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Copias de seguridad</translation>
    </message>
    <message>
        <source>No backups yet. “Back up now” takes the first one.</source>
        <translation>Aún no hay copias. «Hacer copia ahora» crea la primera.</translation>
    </message>
    <message>
        <source>What the backup holds</source>
        <translation>Qué contiene la copia</translation>
    </message>
    <message>
        <source>Pick a backup to see what it holds.</source>
        <translation>Elige una copia para ver qué contiene.</translation>
    </message>
    <message>
        <source>The backup could not be taken: {error}</source>
        <translation>No se pudo hacer la copia: {error}</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Hacer copia ahora</translation>
    </message>
    <message>
        <source>Restore from backup…</source>
        <translation>Restaurar desde copia…</translation>
    </message>
    <message>
        <source>Pick a backup first</source>
        <translation>Elige primero una copia</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Newest backup: {moment} ({age}), {count} in all.</source>
        <translation>Copia más reciente: {moment} ({age}), {count} en total.</translation>
    </message>
    <message>
        <source>No backup yet.</source>
        <translation>Aún no hay ninguna copia.</translation>
    </message>
    <message>
        <source>Reading the backup…</source>
        <translation>Leyendo la copia…</translation>
    </message>
    <message>
        <source>Backup of {moment}</source>
        <translation>Copia del {moment}</translation>
    </message>
    <message>
        <source>Pick a usable backup first</source>
        <translation>Elige primero una copia utilizable</translation>
    </message>
    <message>
        <source>Taking a backup…</source>
        <translation>Haciendo una copia…</translation>
    </message>
    <message>
        <source>Backup written and verified: {file}</source>
        <translation>Copia escrita y verificada: {file}</translation>
    </message>
    <message>
        <source>Restore the backup from {moment}?

{contents}

Everything saved since then is replaced by the backup. The current database is kept beside it, renamed, not deleted.</source>
        <translation>¿Restaurar la copia del {moment}?

{contents}

Todo lo guardado desde entonces se sustituye por la copia. La base de datos actual se conserva al lado, renombrada, no se elimina.</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>Restaurar desde copia</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restaurar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>a backup is being restored</source>
        <translation>se está restaurando una copia</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>Restaurando la copia…</translation>
    </message>
    <message>
        <source>Restored the backup from {moment}. The previous database was kept as {file}.</source>
        <translation>Copia del {moment} restaurada. La base de datos anterior se conservó como {file}.</translation>
    </message>
    <message>
        <source>Restored the backup from {moment}.</source>
        <translation>Copia del {moment} restaurada.</translation>
    </message>
    <message>
        <source>Backups…</source>
        <translation>Copias…</translation>
    </message>
    <message>
        <source>Database and backups: back up now, restore from a backup (Ctrl+Shift+B)</source>
        <translation>Base de datos y copias: hacer copia ahora, restaurar desde una copia (Ctrl+Shift+B)</translation>
    </message>
    <message>
        <source>The backup was restored.</source>
        <translation>La copia se ha restaurado.</translation>
    </message>
    <message>
        <source>Restore this backup</source>
        <translation>Restaurar esta copia</translation>
    </message>
    <message>
        <source>The database is damaged</source>
        <translation>La base de datos está dañada</translation>
    </message>
    <message>
        <source>unknown problem</source>
        <translation>problema desconocido</translation>
    </message>
    <message>
        <source>SQLite found a problem in {file}, so Kaizen did not open it: {problem}</source>
        <translation>SQLite encontró un problema en {file}, así que Kaizen no lo abrió: {problem}</translation>
    </message>
    <message>
        <source>The damaged file was kept, renamed to {file}, in {folder}. Nothing was deleted.</source>
        <translation>El archivo dañado se conservó, renombrado como {file}, en {folder}. No se eliminó nada.</translation>
    </message>
    <message>
        <source>Start with an empty database</source>
        <translation>Empezar con una base de datos vacía</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Newest good backup: {moment}</source>
        <translation>Copia buena más reciente: {moment}</translation>
    </message>
    <message>
        <source>Restore the backup from {moment}</source>
        <translation>Restaurar la copia del {moment}</translation>
    </message>
    <message>
        <source>No good backup was found. Kaizen can start with an empty database; the damaged file stays where it is, for anyone who can rescue rows from it.</source>
        <translation>No se encontró ninguna copia buena. Kaizen puede empezar con una base de datos vacía; el archivo dañado se queda donde está, para quien pueda rescatar filas de él.</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>Restaurando…</translation>
    </message>
    <message>
        <source>The backup could not be restored: {error}</source>
        <translation>No se pudo restaurar la copia: {error}</translation>
    </message>
</context>
<context>
    <name>ui.detail.base</name>
    <message>
        <source>Pick who is working first</source>
        <translation>Elige primero quién está trabajando</translation>
    </message>
    <message>
        <source>Remove the photo “{name}” from this idea?</source>
        <translation>¿Quitar la foto «{name}» de esta idea?</translation>
    </message>
    <message>
        <source>Remove the photo “{name}” from this observation?</source>
        <translation>¿Quitar la foto «{name}» de esta observación?</translation>
    </message>
    <message>
        <source>Remove the photo “{name}” from this record?</source>
        <translation>¿Quitar la foto «{name}» de este registro?</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recargar</translation>
    </message>
    <message>
        <source>Read it again (F5); what you typed and did not save is kept</source>
        <translation>Volver a leer (F5); lo que has escrito sin guardar se conserva</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Save the changes (Ctrl+S)</source>
        <translation>Guardar los cambios (Ctrl+S)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Cerrar (Esc)</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Reloaded the saved version. Your changes are still in the form: check them and save again.</source>
        <translation>Se ha recargado la versión guardada. Tus cambios siguen en el formulario: revísalos y vuelve a guardar.</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Elige primero quién está trabajando.</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>Quitar foto</translation>
    </message>
    <message>
        <source>The photo “{name}” is removed.</source>
        <translation>La foto «{name}» se ha quitado.</translation>
    </message>
    <message>
        <source>The new photos are still being checked; save again in a moment.</source>
        <translation>Las fotos nuevas aún se están comprobando; vuelve a guardar en un momento.</translation>
    </message>
</context>
<context>
    <name>ui.detail.comments</name>
    <message>
        <source>Pick who is working first</source>
        <translation>Elige primero quién está trabajando</translation>
    </message>
    <message>
        <source>No comments yet. Ask a question or add a detail below; everyone who opens the idea sees the thread.</source>
        <translation>Aún no hay comentarios. Haz una pregunta o añade un detalle abajo; todos los que abran la idea ven la conversación.</translation>
    </message>
    <message>
        <source>Write a new comment instead of a reply</source>
        <translation>Escribir un comentario nuevo en lugar de una respuesta</translation>
    </message>
    <message>
        <source>Write a comment… (Ctrl+Enter posts)</source>
        <translation>Escribe un comentario… (Ctrl+Enter publica)</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Responder</translation>
    </message>
    <message>
        <source>Answer the selected comment (R)</source>
        <translation>Responder al comentario seleccionado (R)</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Publicar</translation>
    </message>
    <message>
        <source>Post the comment (Ctrl+Enter)</source>
        <translation>Publicar el comentario (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Pick who is working first to write a comment.</source>
        <translation>Elige primero quién está trabajando para escribir un comentario.</translation>
    </message>
    <message>
        <source>Replying to {name}: “{excerpt}”</source>
        <translation>Respondiendo a {name}: «{excerpt}»</translation>
    </message>
    <message>
        <source>Reply to {name}… (Ctrl+Enter posts)</source>
        <translation>Responder a {name}… (Ctrl+Enter publica)</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Elige primero quién está trabajando.</translation>
    </message>
</context>
<context>
    <name>ui.detail.history</name>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>Observación</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentario</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>created</source>
        <translation>creada</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>editada</translation>
    </message>
    <message>
        <source>review started</source>
        <translation>revisión iniciada</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>aceptada</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rechazada</translation>
    </message>
    <message>
        <source>sent back</source>
        <translation>devuelta</translation>
    </message>
    <message>
        <source>owner or due date set</source>
        <translation>responsable o fecha límite fijados</translation>
    </message>
    <message>
        <source>linked</source>
        <translation>vinculada</translation>
    </message>
    <message>
        <source>unlinked</source>
        <translation>desvinculada</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>eliminada</translation>
    </message>
    <message>
        <source>linked to idea #{number}</source>
        <translation>vinculada a la idea #{number}</translation>
    </message>
    <message>
        <source>{kind}: {action}</source>
        <translation>{kind}: {action}</translation>
    </message>
</context>
<context>
    <name>ui.detail.idea_detail</name>
    <message>
        <source>Pick who is working first to edit this idea.</source>
        <translation>Elige primero quién está trabajando para editar esta idea.</translation>
    </message>
    <message>
        <source>This idea is {status}; it can no longer be edited.</source>
        <translation>Esta idea está {status}; ya no se puede editar.</translation>
    </message>
    <message>
        <source>Read only: only {name}, who submitted it, or a supervisor can edit this idea.</source>
        <translation>Solo lectura: solo {name}, que la envió, o un supervisor pueden editar esta idea.</translation>
    </message>
    <message>
        <source>Read only: the idea is {status}; ask a supervisor to change it.</source>
        <translation>Solo lectura: la idea está {status}; pide a un supervisor que la cambie.</translation>
    </message>
    <message>
        <source>Idea #{number}</source>
        <translation>Idea #{number}</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Comentarios</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>A short name for the idea</source>
        <translation>Un nombre corto para la idea</translation>
    </message>
    <message>
        <source>What goes wrong today, where, how often</source>
        <translation>Qué falla hoy, dónde, con qué frecuencia</translation>
    </message>
    <message>
        <source>What should change, and how</source>
        <translation>Qué debería cambiar, y cómo</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>What is wrong now</source>
        <translation>Qué falla ahora</translation>
    </message>
    <message>
        <source>What to change</source>
        <translation>Qué cambiar</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>Wastes it attacks</source>
        <translation>Despilfarros que ataca</translation>
    </message>
    <message>
        <source>Expected savings a year</source>
        <translation>Ahorros esperados al año</translation>
    </message>
    <message>
        <source>One-off cost to put the change in place</source>
        <translation>Coste único de poner en marcha el cambio</translation>
    </message>
    <message>
        <source>Implementation cost</source>
        <translation>Coste de implantación</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>Impacto</translation>
    </message>
    <message>
        <source>helps a little</source>
        <translation>ayuda poco</translation>
    </message>
    <message>
        <source>helps a lot</source>
        <translation>ayuda mucho</translation>
    </message>
    <message>
        <source>Effort</source>
        <translation>Esfuerzo</translation>
    </message>
    <message>
        <source>little work</source>
        <translation>poco trabajo</translation>
    </message>
    <message>
        <source>a lot of work</source>
        <translation>mucho trabajo</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>Idea #{number}: {title}</source>
        <translation>Idea #{number}: {title}</translation>
    </message>
    <message>
        <source>Idea #{number} · submitted by {name} · {area} · {day}</source>
        <translation>Idea #{number} · enviada por {name} · {area} · {day}</translation>
    </message>
    <message>
        <source>In PDCA: cycle {number}, {stage}</source>
        <translation>En PDCA: ciclo {number}, {stage}</translation>
    </message>
    <message>
        <source>PDCA: {count} cycle, {status}</source>
        <translation>PDCA: {count} ciclo, {status}</translation>
    </message>
    <message>
        <source>PDCA: {count} cycles, {status}</source>
        <translation>PDCA: {count} ciclos, {status}</translation>
    </message>
    <message>
        <source>Owner: {name} · due {day}</source>
        <translation>Responsable: {name} · vence el {day}</translation>
    </message>
    <message>
        <source>Owner: {name}</source>
        <translation>Responsable: {name}</translation>
    </message>
    <message>
        <source>Sent back for more detail: {note}</source>
        <translation>Devuelta para más detalle: {note}</translation>
    </message>
    <message>
        <source>Rejected: {note}</source>
        <translation>Rechazada: {note}</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <source>Comments ({count})</source>
        <translation>Comentarios ({count})</translation>
    </message>
</context>
<context>
    <name>ui.detail.observation_detail</name>
    <message>
        <source>Pick who is working first to edit this observation.</source>
        <translation>Elige primero quién está trabajando para editar esta observación.</translation>
    </message>
    <message>
        <source>Read only: only {name}, who logged it, or a supervisor can change this observation.</source>
        <translation>Solo lectura: solo {name}, que la registró, o un supervisor pueden cambiar esta observación.</translation>
    </message>
    <message>
        <source>Read only: this observation already led to an idea; ask a supervisor to change it.</source>
        <translation>Solo lectura: esta observación ya dio lugar a una idea; pide a un supervisor que la cambie.</translation>
    </message>
    <message>
        <source>Waste observation #{number}</source>
        <translation>Observación #{number}</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>Despilfarro</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>When it was seen</source>
        <translation>Cuándo se vio</translation>
    </message>
    <message>
        <source>What was seen: where, what happened, who waited</source>
        <translation>Qué se vio: dónde, qué pasó, quién esperó</translation>
    </message>
    <message>
        <source>What was seen</source>
        <translation>Qué se vio</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>a week</source>
        <translation>a la semana</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Opcional</translation>
    </message>
    <message>
        <source>Cost each time</source>
        <translation>Coste cada vez</translation>
    </message>
    <message>
        <source>Minutes lost each time it happens</source>
        <translation>Minutos perdidos cada vez que ocurre</translation>
    </message>
    <message>
        <source>How many times it happens in a week</source>
        <translation>Cuántas veces ocurre a la semana</translation>
    </message>
    <message>
        <source>A direct cost each time it happens (scrap, material); leave empty if none</source>
        <translation>Un coste directo cada vez que ocurre (chatarra, material); déjalo vacío si no hay</translation>
    </message>
    <message>
        <source>Minutes lost</source>
        <translation>Minutos perdidos</translation>
    </message>
    <message>
        <source>Times a week</source>
        <translation>Veces por semana</translation>
    </message>
    <message>
        <source>Not turned into an idea yet.</source>
        <translation>Aún no se ha convertido en idea.</translation>
    </message>
    <message>
        <source>Turn into idea</source>
        <translation>Convertir en idea</translation>
    </message>
    <message>
        <source>Make an idea from this observation, with its text, area, waste and yearly cost, and link the two</source>
        <translation>Crear una idea a partir de esta observación, con su texto, área, despilfarro y coste anual, y vincular ambas</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>{waste} in {area}</source>
        <translation>{waste} en {area}</translation>
    </message>
    <message>
        <source>Led to an idea</source>
        <translation>Dio lugar a una idea</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abierta</translation>
    </message>
    <message>
        <source>Observation #{number} · seen by {name} · {moment}</source>
        <translation>Observación #{number} · vista por {name} · {moment}</translation>
    </message>
    <message>
        <source>Idea #{number}: {title}</source>
        <translation>Idea #{number}: {title}</translation>
    </message>
    <message>
        <source>≈ {amount} a year</source>
        <translation>≈ {amount} al año</translation>
    </message>
    <message>
        <source>{hours} hours a year, at {rate}/h for the time lost plus the cost each time</source>
        <translation>{hours} horas al año, a {rate}/h por el tiempo perdido más el coste de cada vez</translation>
    </message>
    <message>
        <source>{hours} hours a year, at {rate}/h for the time lost</source>
        <translation>{hours} horas al año, a {rate}/h por el tiempo perdido</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Elige primero quién está trabajando.</translation>
    </message>
    <message>
        <source>Idea #{number} is made from this observation and linked to it.</source>
        <translation>La idea #{number} se ha creado a partir de esta observación y está vinculada a ella.</translation>
    </message>
    <message>
        <source>Open idea</source>
        <translation>Abrir idea</translation>
    </message>
</context>
<context>
    <name>ui.detail.photos</name>
    <message>
        <source>No photos.</source>
        <translation>Sin fotos.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>Quitar foto</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>This photo cannot be read.</source>
        <translation>Esta foto no se puede leer.</translation>
    </message>
</context>
<context>
    <name>ui.detail.review_panel</name>
    <message>
        <source>Pick who is working first</source>
        <translation>Elige primero quién está trabajando</translation>
    </message>
    <message>
        <source>Accepting starts PDCA cycle 1 in Plan: the idea goes on the PDCA board, owned by the owner above.</source>
        <translation>Aceptar inicia el ciclo PDCA 1 en Planificar: la idea pasa al tablero PDCA, con el responsable indicado arriba.</translation>
    </message>
    <message>
        <source>Owner and due date</source>
        <translation>Responsable y fecha límite</translation>
    </message>
    <message>
        <source>No owner</source>
        <translation>Sin responsable</translation>
    </message>
    <message>
        <source>Who carries the idea through PDCA</source>
        <translation>Quién lleva la idea a través del PDCA</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fecha límite</translation>
    </message>
    <message>
        <source>When the change should be in place</source>
        <translation>Cuándo debe estar en marcha el cambio</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Start review</source>
        <translation>Iniciar revisión</translation>
    </message>
    <message>
        <source>Save owner and date</source>
        <translation>Guardar responsable y fecha</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Rechazar</translation>
    </message>
    <message>
        <source>Why the idea is not taken up (the submitter sees this)</source>
        <translation>Por qué no se acepta la idea (quien la envió lo verá)</translation>
    </message>
    <message>
        <source>Send back for more detail</source>
        <translation>Devolver para más detalle</translation>
    </message>
    <message>
        <source>What the submitter should add or clarify (it also goes into the comments)</source>
        <translation>Qué debe añadir o aclarar quien la envió (también va a los comentarios)</translation>
    </message>
    <message>
        <source>Send back</source>
        <translation>Devolver</translation>
    </message>
    <message>
        <source>Pick who is working first to review this idea.</source>
        <translation>Elige primero quién está trabajando para revisar esta idea.</translation>
    </message>
    <message>
        <source>{name} is {role}: only supervisors and admins review ideas.</source>
        <translation>{name} es {role}: solo los supervisores y administradores revisan ideas.</translation>
    </message>
    <message>
        <source>Submitted and waiting for review. Start the review to tell the submitter someone is on it, or decide straight away.</source>
        <translation>Enviada y esperando revisión. Inicia la revisión para que quien la envió sepa que alguien se ocupa, o decide directamente.</translation>
    </message>
    <message>
        <source>Under review: accept it, reject it with a reason, or send it back.</source>
        <translation>En revisión: acéptala, recházala con un motivo o devuélvela.</translation>
    </message>
    <message>
        <source>Accepted and in PDCA. The owner and the due date can still be changed here; the cycle itself is worked on the PDCA board.</source>
        <translation>Aceptada y en PDCA. El responsable y la fecha límite aún se pueden cambiar aquí; el ciclo se trabaja en el tablero PDCA.</translation>
    </message>
    <message>
        <source>This idea is {status}: there is nothing more to review.</source>
        <translation>Esta idea está {status}: no hay nada más que revisar.</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Elige primero quién está trabajando.</translation>
    </message>
    <message>
        <source>The review has started; the submitter sees the idea is under review.</source>
        <translation>La revisión ha empezado; quien la envió ve que la idea está en revisión.</translation>
    </message>
    <message>
        <source>Accepted. PDCA cycle 1 has started in Plan, owned by {name}.</source>
        <translation>Aceptada. El ciclo PDCA 1 ha empezado en Planificar, con {name} como responsable.</translation>
    </message>
    <message>
        <source>Accepted. PDCA cycle 1 has started in Plan.</source>
        <translation>Aceptada. El ciclo PDCA 1 ha empezado en Planificar.</translation>
    </message>
    <message>
        <source>Rejected; the reason is kept with the idea.</source>
        <translation>Rechazada; el motivo se guarda con la idea.</translation>
    </message>
    <message>
        <source>Sent back to the submitter; the note is in the comments.</source>
        <translation>Devuelta a quien la envió; la nota está en los comentarios.</translation>
    </message>
    <message>
        <source>The idea has no owner now.</source>
        <translation>La idea ya no tiene responsable.</translation>
    </message>
    <message>
        <source>{name} owns the idea, due {day}.</source>
        <translation>{name} es responsable de la idea, vence el {day}.</translation>
    </message>
    <message>
        <source>{name} owns the idea.</source>
        <translation>{name} es responsable de la idea.</translation>
    </message>
</context>
<context>
    <name>ui.form_op</name>
    <message>
        <source>Reload</source>
        <translation>Recargar</translation>
    </message>
    <message>
        <source>The change could not be saved: {error}</source>
        <translation>No se pudo guardar el cambio: {error}</translation>
    </message>
</context>
<context>
    <name>ui.help_dialog</name>
    <message>
        <source>Kaizen help</source>
        <translation>Ayuda de Kaizen</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Adelante</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Índice</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>ui.inbox.badge</name>
    <message>
        <source>{count} waiting for you</source>
        <translation>{count} esperan por ti</translation>
    </message>
</context>
<context>
    <name>ui.inbox.view</name>
    <message>
        <source>Inbox</source>
        <translation>Bandeja de entrada</translation>
    </message>
    <message>
        <source>What waits for you: reviews, overdue actions, cards, savings and KPI signals.</source>
        <translation>Lo que te espera: revisiones, acciones vencidas, tarjetas, ahorros y señales de KPI.</translation>
    </message>
    <message>
        <source>What waits</source>
        <translation>Qué espera</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Por qué</translation>
    </message>
    <message>
        <source>What waits for you</source>
        <translation>Lo que te espera</translation>
    </message>
    <message>
        <source>Nothing waits for you</source>
        <translation>Nada te espera</translation>
    </message>
    <message>
        <source>No idea to review, no overdue action, no card waiting on you, no savings to validate and no KPI signal on your processes.</source>
        <translation>Ninguna idea que revisar, ninguna acción vencida, ninguna tarjeta esperándote, ningún ahorro que validar y ninguna señal de KPI en tus procesos.</translation>
    </message>
    <message>
        <source>Pick who is working</source>
        <translation>Elige quién está trabajando</translation>
    </message>
    <message>
        <source>The inbox shows what waits for the person working: pick yourself in the toolbar.</source>
        <translation>La bandeja de entrada muestra lo que espera a quien está trabajando: elígete en la barra de herramientas.</translation>
    </message>
    <message>
        <source>Reading your inbox…</source>
        <translation>Leyendo tu bandeja de entrada…</translation>
    </message>
    <message>
        <source>The inbox could not be read: {error}</source>
        <translation>No se ha podido leer la bandeja de entrada: {error}</translation>
    </message>
    <message>
        <source>… and over {count} more (the oldest are shown)</source>
        <translation>… y más de {count} más (se muestran las más antiguas)</translation>
    </message>
    <message>
        <source>… and {count} more (the oldest are shown)</source>
        <translation>… y {count} más (se muestran las más antiguas)</translation>
    </message>
</context>
<context>
    <name>ui.kiosk.app</name>
    <message>
        <source>The kiosk cannot create its data folder {folder}:

{error}</source>
        <translation>El quiosco no puede crear su carpeta de datos {folder}:

{error}</translation>
    </message>
    <message>
        <source>The kiosk could not open the database at {location}.

{error}</source>
        <translation>El quiosco no ha podido abrir la base de datos en {location}.

{error}</translation>
    </message>
    <message>
        <source>The Kaizen database is damaged, so the kiosk cannot start.

Please fetch a supervisor. Nothing was changed: on an office PC Kaizen offers them the newest good backup.

What was found: {problem}
Database file: {file}</source>
        <translation>La base de datos de Kaizen está dañada, así que el quiosco no puede arrancar.

Avisa a un supervisor. No se ha cambiado nada: en un PC de oficina Kaizen le ofrece la copia de seguridad buena más reciente.

Qué se ha encontrado: {problem}
Archivo de base de datos: {file}</translation>
    </message>
</context>
<context>
    <name>ui.kiosk.window</name>
    <message>
        <source>Kaizen kiosk</source>
        <translation>Quiosco de Kaizen</translation>
    </message>
    <message>
        <source>Who are you?</source>
        <translation>¿Quién eres?</translation>
    </message>
    <message>
        <source>Scan your badge, type its number, or tap your name.</source>
        <translation>Escanea tu tarjeta, escribe su número o toca tu nombre.</translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation>Número de tarjeta</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>Ir</translation>
    </message>
    <message>
        <source>You could not be signed in: {error}</source>
        <translation>No se pudo iniciar tu sesión: {error}</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <source>Finish: the kiosk goes back to its start for the next person</source>
        <translation>Terminar: el quiosco vuelve al inicio para la siguiente persona</translation>
    </message>
    <message>
        <source>New idea</source>
        <translation>Nueva idea</translation>
    </message>
    <message>
        <source>Log waste</source>
        <translation>Registrar despilfarro</translation>
    </message>
    <message>
        <source>My ideas</source>
        <translation>Mis ideas</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation>Hola, {name}</translation>
    </message>
    <message>
        <source>What would you like to do?</source>
        <translation>¿Qué quieres hacer?</translation>
    </message>
    <message>
        <source>Thank you: your idea #{number} is saved.</source>
        <translation>Gracias: tu idea #{number} está guardada.</translation>
    </message>
    <message>
        <source>Thank you: your waste observation #{number} is saved.</source>
        <translation>Gracias: tu observación #{number} está guardada.</translation>
    </message>
    <message>
        <source>You have no ideas yet: tap Back, then New idea.</source>
        <translation>Todavía no tienes ideas: toca Atrás y luego Nueva idea.</translation>
    </message>
    <message>
        <source>My ideas ({count})</source>
        <translation>Mis ideas ({count})</translation>
    </message>
</context>
<context>
    <name>ui.main_window</name>
    <message>
        <source>Dashboard</source>
        <translation>Panel</translation>
    </message>
    <message>
        <source>Ideas</source>
        <translation>Ideas</translation>
    </message>
    <message>
        <source>Waste walk</source>
        <translation>Ronda de despilfarro</translation>
    </message>
    <message>
        <source>PDCA board</source>
        <translation>Tablero PDCA</translation>
    </message>
    <message>
        <source>Measurements</source>
        <translation>Mediciones</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Informes</translation>
    </message>
    <message>
        <source>Process maps</source>
        <translation>Mapas de proceso</translation>
    </message>
    <message>
        <source>Process mining</source>
        <translation>Minería de procesos</translation>
    </message>
    <message>
        <source>What-if</source>
        <translation>Qué pasaría si</translation>
    </message>
    <message>
        <source>People &amp; areas</source>
        <translation>Personas y áreas</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Bandeja</translation>
    </message>
    <message>
        <source>This database is open read-only</source>
        <translation>Esta base de datos está abierta en solo lectura</translation>
    </message>
    <message>
        <source>Pick who is working first</source>
        <translation>Elige primero quién está trabajando</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Ayuda</translation>
    </message>
    <message>
        <source>Database: {location}</source>
        <translation>Base de datos: {location}</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>Abriendo la base de datos…</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Vistas</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Barra de herramientas principal</translation>
    </message>
    <message>
        <source>New idea</source>
        <translation>Nueva idea</translation>
    </message>
    <message>
        <source>Log waste</source>
        <translation>Registrar despilfarro</translation>
    </message>
    <message>
        <source>Nobody picked as working</source>
        <translation>Nadie elegido como trabajando</translation>
    </message>
    <message>
        <source>Working: {name} ({role})</source>
        <translation>Trabajando: {name} ({role})</translation>
    </message>
    <message>
        <source>{name} was signed out after {minutes} idle minute (a site setting). Pick who is working to go on.</source>
        <translation>{name} ha cerrado sesión tras {minutes} minuto de inactividad (un ajuste del centro). Elige quién está trabajando para seguir.</translation>
    </message>
    <message>
        <source>{name} was signed out after {minutes} idle minutes (a site setting). Pick who is working to go on.</source>
        <translation>{name} ha cerrado sesión tras {minutes} minutos de inactividad (un ajuste del centro). Elige quién está trabajando para seguir.</translation>
    </message>
</context>
<context>
    <name>ui.measure.action_bar</name>
    <message>
        <source>More actions</source>
        <translation>Más acciones</translation>
    </message>
</context>
<context>
    <name>ui.measure.common</name>
    <message>
        <source>Pick who is working first</source>
        <translation>Elige primero quién está trabajando</translation>
    </message>
</context>
<context>
    <name>ui.measure.control_panel</name>
    <message>
        <source>No signal: every point is within its limits under the chosen rules.</source>
        <translation>Ninguna señal: todos los puntos están dentro de sus límites según las reglas elegidas.</translation>
    </message>
    <message>
        <source>Control limits</source>
        <translation>Límites de control</translation>
    </message>
    <message>
        <source>Limits per phase: the after phase gets limits of its own. Before limits carried forward: the after points are judged against the old process, so a lasting change shows as signals.</source>
        <translation>Límites por fase: la fase de después tiene sus propios límites. Límites de antes prolongados: los puntos de después se juzgan frente al proceso anterior, así que un cambio duradero aparece como señales.</translation>
    </message>
    <message>
        <source>Limits:</source>
        <translation>Límites:</translation>
    </message>
    <message>
        <source>Signals</source>
        <translation>Señales</translation>
    </message>
    <message>
        <source>Control chart signals</source>
        <translation>Señales del gráfico de control</translation>
    </message>
    <message>
        <source>No control chart yet.</source>
        <translation>Todavía no hay gráfico de control.</translation>
    </message>
    <message>
        <source>Signals ({count})</source>
        <translation>Señales ({count})</translation>
    </message>
    <message>
        <source>{name} control chart</source>
        <translation>Gráfico de control {name}</translation>
    </message>
</context>
<context>
    <name>ui.measure.correction_dialog</name>
    <message>
        <source>Correct a validated entry</source>
        <translation>Corregir una entrada validada</translation>
    </message>
    <message>
        <source>{kind} savings, {month}: {amount}, validated by {name} on {day}.</source>
        <translation>Ahorros ({kind}), {month}: {amount}, validados por {name} el {day}.</translation>
    </message>
    <message>
        <source>{kind} savings, {month}: {amount}, validated by {name}.</source>
        <translation>Ahorros ({kind}), {month}: {amount}, validados por {name}.</translation>
    </message>
    <message>
        <source>With its corrections so far: {amount}.</source>
        <translation>Con sus correcciones hasta ahora: {amount}.</translation>
    </message>
    <message>
        <source>The entry stays as validated. The correction is a new entry of the same month and kind that adds (or, negative, takes away) the difference; it can be validated in turn.</source>
        <translation>La entrada queda tal como se validó. La corrección es una entrada nueva del mismo mes y tipo que suma (o, en negativo, resta) la diferencia; a su vez puede validarse.</translation>
    </message>
    <message>
        <source>Change by</source>
        <translation>Cambiar en</translation>
    </message>
    <message>
        <source>Negative to take away, positive to add</source>
        <translation>Negativo para restar, positivo para sumar</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Why the amount was wrong (required)</source>
        <translation>Por qué el importe era erróneo (obligatorio)</translation>
    </message>
    <message>
        <source>Add correction</source>
        <translation>Añadir corrección</translation>
    </message>
    <message>
        <source>This entry will then count {amount}.</source>
        <translation>Esta entrada contará entonces {amount}.</translation>
    </message>
</context>
<context>
    <name>ui.measure.entry_dialog</name>
    <message>
        <source>Edit savings entry</source>
        <translation>Editar entrada de ahorros</translation>
    </message>
    <message>
        <source>Add a savings entry</source>
        <translation>Añadir una entrada de ahorros</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Forecast: expected, not yet realised</source>
        <translation>Previsión: esperado, aún no logrado</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>How it was counted, where the figure comes from</source>
        <translation>Cómo se contó, de dónde sale la cifra</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Guardar cambios</translation>
    </message>
    <message>
        <source>Add entry</source>
        <translation>Añadir entrada</translation>
    </message>
</context>
<context>
    <name>ui.measure.metric_dialog</name>
    <message>
        <source>Cycle time</source>
        <translation>Tiempo de ciclo</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>Tiempo de entrega</translation>
    </message>
    <message>
        <source>days</source>
        <translation>días</translation>
    </message>
    <message>
        <source>Defect rate</source>
        <translation>Tasa de defectos</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Rendimiento</translation>
    </message>
    <message>
        <source>units/h</source>
        <translation>uds./h</translation>
    </message>
    <message>
        <source>Changeover time</source>
        <translation>Tiempo de cambio</translation>
    </message>
    <message>
        <source>Cost per unit</source>
        <translation>Coste por unidad</translation>
    </message>
    <message>
        <source>Statistics plan: {name}</source>
        <translation>Plan estadístico: {name}</translation>
    </message>
    <message>
        <source>Add a metric</source>
        <translation>Añadir una métrica</translation>
    </message>
    <message>
        <source>Set before the after-data exist: the test is then fixed, as a defensible verdict needs.</source>
        <translation>Se fija antes de que existan los datos de después: así la prueba queda fijada, como exige un veredicto defendible.</translation>
    </message>
    <message>
        <source>What you will measure before and after the change. Pick a common one or type your own; the statistics plan below is optional.</source>
        <translation>Lo que medirás antes y después del cambio. Elige una habitual o escribe la tuya; el plan estadístico de abajo es opcional.</translation>
    </message>
    <message>
        <source>e.g. Cycle time</source>
        <translation>p. ej. Tiempo de ciclo</translation>
    </message>
    <message>
        <source>Metric name</source>
        <translation>Nombre de la métrica</translation>
    </message>
    <message>
        <source>e.g. min, %, parts, {currency}</source>
        <translation>p. ej. min, %, piezas, {currency}</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <source>&amp;Lower is better</source>
        <translation>Me&amp;nor es mejor</translation>
    </message>
    <message>
        <source>&amp;Higher is better</source>
        <translation>M&amp;ayor es mejor</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Better when</source>
        <translation>Mejor cuando</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Save plan</source>
        <translation>Guardar plan</translation>
    </message>
    <message>
        <source>Add metric</source>
        <translation>Añadir métrica</translation>
    </message>
</context>
<context>
    <name>ui.measure.plan_fields</name>
    <message>
        <source>Welch&apos;s t-test (measured values)</source>
        <translation>Prueba t de Welch (valores medidos)</translation>
    </message>
    <message>
        <source>Mann-Whitney test</source>
        <translation>Prueba de Mann-Whitney</translation>
    </message>
    <message>
        <source>Automatic (I-MR, or X-bar/R for subgroups)</source>
        <translation>Automático (I-MR; X-barra/R con subgrupos)</translation>
    </message>
    <message>
        <source>I-MR: one value at a time</source>
        <translation>I-MR: un valor cada vez</translation>
    </message>
    <message>
        <source>X-bar/R: subgroups, ranges</source>
        <translation>X-barra/R: subgrupos, rangos</translation>
    </message>
    <message>
        <source>X-bar/S: subgroups, standard deviations</source>
        <translation>X-barra/S: subgrupos, desviaciones típicas</translation>
    </message>
    <message>
        <source>p chart: share of defective items</source>
        <translation>Gráfico p: proporción de piezas defectuosas</translation>
    </message>
    <message>
        <source>u chart: defects per unit</source>
        <translation>Gráfico u: defectos por unidad</translation>
    </message>
    <message>
        <source>Enter a number, or leave it empty.</source>
        <translation>Escribe un número o déjalo vacío.</translation>
    </message>
    <message>
        <source>Lower</source>
        <translation>Inferior</translation>
    </message>
    <message>
        <source>Lower spec limit</source>
        <translation>Límite de especificación inferior</translation>
    </message>
    <message>
        <source>Upper</source>
        <translation>Superior</translation>
    </message>
    <message>
        <source>Upper spec limit</source>
        <translation>Límite de especificación superior</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>Spec limits</source>
        <translation>Límites de especificación</translation>
    </message>
    <message>
        <source>Lower, upper (one is enough) and target, for capability. Optional.</source>
        <translation>Inferior, superior (basta uno) y objetivo, para la capacidad. Opcional.</translation>
    </message>
    <message>
        <source>e.g. 2</source>
        <translation>p. ej. 2</translation>
    </message>
    <message>
        <source>Change hoped for</source>
        <translation>Cambio esperado</translation>
    </message>
    <message>
        <source>The smallest change worth finding, in the metric&apos;s unit: it sets how many samples are needed. Optional.</source>
        <translation>El menor cambio que vale la pena detectar, en la unidad de la métrica: fija cuántas muestras hacen falta. Opcional.</translation>
    </message>
    <message>
        <source>Primary test</source>
        <translation>Prueba principal</translation>
    </message>
    <message>
        <source>One-sided: only a change in the better direction counts</source>
        <translation>Unilateral: solo cuenta un cambio a mejor</translation>
    </message>
    <message>
        <source>Control chart</source>
        <translation>Gráfico de control</translation>
    </message>
    <message>
        <source>Subgroup size</source>
        <translation>Tamaño de subgrupo</translation>
    </message>
    <message>
        <source>e.g. 50</source>
        <translation>p. ej. 50</translation>
    </message>
    <message>
        <source>Counted per measurement</source>
        <translation>Contados por medición</translation>
    </message>
    <message>
        <source>Rule set</source>
        <translation>Conjunto de reglas</translation>
    </message>
    <message>
        <source>Site default: {rules}</source>
        <translation>Predeterminado del centro: {rules}</translation>
    </message>
    <message>
        <source>Chart rules</source>
        <translation>Reglas del gráfico</translation>
    </message>
    <message>
        <source>Fixed: the metric already has {count} after-measurement, and the test is chosen before the data.</source>
        <translation>Fijada: la métrica ya tiene {count} medición de después, y la prueba se elige antes que los datos.</translation>
    </message>
    <message>
        <source>Fixed: the metric already has {count} after-measurements, and the test is chosen before the data.</source>
        <translation>Fijada: la métrica ya tiene {count} mediciones de después, y la prueba se elige antes que los datos.</translation>
    </message>
    <message>
        <source>items inspected per measurement</source>
        <translation>piezas inspeccionadas por medición</translation>
    </message>
    <message>
        <source>units inspected per measurement</source>
        <translation>unidades inspeccionadas por medición</translation>
    </message>
    <message>
        <source>only for p and u charts</source>
        <translation>solo para gráficos p y u</translation>
    </message>
    <message>
        <source>not used by p and u charts</source>
        <translation>no se usa en gráficos p y u</translation>
    </message>
    <message>
        <source>{chart} needs 2 or more</source>
        <translation>{chart} necesita 2 o más</translation>
    </message>
    <message>
        <source>consecutive values form subgroups of {size}</source>
        <translation>los valores consecutivos forman subgrupos de {size}</translation>
    </message>
    <message>
        <source>1: each value on its own</source>
        <translation>1: cada valor por separado</translation>
    </message>
</context>
<context>
    <name>ui.measure.proof_override</name>
    <message>
        <source>No statistical proof yet</source>
        <translation>Todavía no hay prueba estadística</translation>
    </message>
    <message>
        <source>Validate with this reason</source>
        <translation>Validar con este motivo</translation>
    </message>
</context>
<context>
    <name>ui.measure.propose_dialog</name>
    <message>
        <source>Propose savings</source>
        <translation>Proponer ahorros</translation>
    </message>
    <message>
        <source>Propose savings from the measurements</source>
        <translation>Proponer ahorros a partir de las mediciones</translation>
    </message>
    <message>
        <source>{name}: mean {before} before, {after} after, {gain} better per unit.</source>
        <translation>{name}: media {before} antes, {after} después, {gain} mejor por unidad.</translation>
    </message>
    <message>
        <source>{name}: mean {before} before, {after} after, {gain} worse per unit.</source>
        <translation>{name}: media {before} antes, {after} después, {gain} peor por unidad.</translation>
    </message>
    <message>
        <source>{name}: mean {before} before, {after} after, {gain} unchanged per unit.</source>
        <translation>{name}: media {before} antes, {after} después, {gain} sin cambio por unidad.</translation>
    </message>
    <message>
        <source>a year</source>
        <translation>al año</translation>
    </message>
    <message>
        <source>Yearly volume</source>
        <translation>Volumen anual</translation>
    </message>
    <message>
        <source>How many times a year the measured thing happens: parts made, orders picked, changeovers done…</source>
        <translation>Cuántas veces al año ocurre lo medido: piezas fabricadas, pedidos preparados, cambios realizados…</translation>
    </message>
    <message>
        <source>Cost of one unit</source>
        <translation>Coste por unidad</translation>
    </message>
    <message>
        <source>Cost of one {unit}</source>
        <translation>Coste por {unit}</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Use as forecast…</source>
        <translation>Usar como previsión…</translation>
    </message>
    <message>
        <source>{amount} a year</source>
        <translation>{amount} al año</translation>
    </message>
    <message>
        <source>{name} did not get better, so there is nothing to propose.</source>
        <translation>{name} no ha mejorado, así que no hay nada que proponer.</translation>
    </message>
    <message>
        <source>{gain} better × {volume} a year × {cost}; {month} a month.</source>
        <translation>{gain} mejor × {volume} al año × {cost}; {month} al mes.</translation>
    </message>
    <message>
        <source>Estimate from {name}: {gain} better × {volume} a year × {cost} ÷ 12</source>
        <translation>Estimación a partir de {name}: {gain} mejor × {volume} al año × {cost} ÷ 12</translation>
    </message>
</context>
<context>
    <name>ui.measure.samples_editor</name>
    <message>
        <source>Supervisors and admins record measurements; staff see them read-only.</source>
        <translation>Los supervisores y administradores registran mediciones; el personal las ve en solo lectura.</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Fase</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>Medido</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Después</translation>
    </message>
    <message>
        <source>Line {line} (“{text}”): {reason}.</source>
        <translation>Línea {line} («{text}»): {reason}.</translation>
    </message>
    <message>
        <source>And 1 more line.</source>
        <translation>Y 1 línea más.</translation>
    </message>
    <message>
        <source>And {count} more lines.</source>
        <translation>Y {count} líneas más.</translation>
    </message>
    <message>
        <source>before</source>
        <translation>antes</translation>
    </message>
    <message>
        <source>after</source>
        <translation>después</translation>
    </message>
    <message>
        <source>Added {count} {phase} value to {metric}.</source>
        <translation>Añadido {count} valor ({phase}) a {metric}.</translation>
    </message>
    <message>
        <source>Added {count} {phase} values to {metric}.</source>
        <translation>Añadidos {count} valores ({phase}) a {metric}.</translation>
    </message>
    <message>
        <source>Added {count} {phase} value.</source>
        <translation>Añadido {count} valor ({phase}).</translation>
    </message>
    <message>
        <source>Added {count} {phase} values.</source>
        <translation>Añadidos {count} valores ({phase}).</translation>
    </message>
    <message>
        <source>Type or paste values, one per line.
A column copied from a spreadsheet works: 12,5 or 12.5, with or without a header.</source>
        <translation>Escribe o pega valores, uno por línea.
Sirve una columna copiada de una hoja de cálculo: 12,5 o 12.5, con o sin cabecera.</translation>
    </message>
    <message>
        <source>Add samples</source>
        <translation>Muestras</translation>
    </message>
    <message>
        <source>&amp;Before</source>
        <translation>&amp;Antes</translation>
    </message>
    <message>
        <source>&amp;After</source>
        <translation>&amp;Después</translation>
    </message>
    <message>
        <source>Samples measured before the change (Alt+B)</source>
        <translation>Muestras medidas antes del cambio (Alt+A)</translation>
    </message>
    <message>
        <source>Samples measured after the change (Alt+A)</source>
        <translation>Muestras medidas después del cambio (Alt+D)</translation>
    </message>
    <message>
        <source>At another time</source>
        <translation>En otro momento</translation>
    </message>
    <message>
        <source>Measured earlier than now: give the day and time</source>
        <translation>Medido antes de ahora: indica el día y la hora</translation>
    </message>
    <message>
        <source>The measurement time</source>
        <translation>El momento de la medición</translation>
    </message>
    <message>
        <source>Values, one per line</source>
        <translation>Valores, uno por línea</translation>
    </message>
    <message>
        <source>Add values</source>
        <translation>Añadir valores</translation>
    </message>
    <message>
        <source>Store the numbers in the box (Ctrl+Enter)</source>
        <translation>Guardar los números del cuadro (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Pegar</translation>
    </message>
    <message>
        <source>Put the column copied from a spreadsheet into the box</source>
        <translation>Poner en el cuadro la columna copiada de una hoja de cálculo</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>Importar CSV…</translation>
    </message>
    <message>
        <source>Import a CSV file with the columns phase (before or after), value and optionally measured_at (2026-03-31 or 2026-03-31 14:05)</source>
        <translation>Importar un archivo CSV con las columnas phase (before o after), value y opcionalmente measured_at (2026-03-31 o 2026-03-31 14:05)</translation>
    </message>
    <message>
        <source>Pick who is working first: supervisors and admins record measurements.</source>
        <translation>Elige primero quién está trabajando: los supervisores y administradores registran mediciones.</translation>
    </message>
    <message>
        <source>Add a metric first.</source>
        <translation>Añade primero una métrica.</translation>
    </message>
    <message>
        <source>Import a CSV file with the columns phase, value and optionally measured_at</source>
        <translation>Importar un archivo CSV con las columnas phase, value y opcionalmente measured_at</translation>
    </message>
    <message>
        <source>The clipboard holds no text; copy a column in your spreadsheet first.</source>
        <translation>El portapapeles no contiene texto; copia primero una columna en tu hoja de cálculo.</translation>
    </message>
    <message>
        <source>Type or paste at least one number.</source>
        <translation>Escribe o pega al menos un número.</translation>
    </message>
    <message>
        <source>Import measurements</source>
        <translation>Importar mediciones</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>Archivos CSV (*.csv *.txt);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>The first line (“{text}”) was taken as a header.</source>
        <translation>La primera línea («{text}») se tomó como cabecera.</translation>
    </message>
    <message>
        <source>Not added (1 line, left in the box to fix):</source>
        <translation>No añadido (1 línea, dejada en el cuadro para corregirla):</translation>
    </message>
    <message>
        <source>Not added ({count} lines, left in the box to fix):</source>
        <translation>No añadido ({count} líneas, dejadas en el cuadro para corregirlas):</translation>
    </message>
    <message>
        <source>Imported {total} value from {file}: {before} before, {after} after.</source>
        <translation>Importado {total} valor de {file}: {before} antes, {after} después.</translation>
    </message>
    <message>
        <source>Imported {total} values from {file}: {before} before, {after} after.</source>
        <translation>Importados {total} valores de {file}: {before} antes, {after} después.</translation>
    </message>
</context>
<context>
    <name>ui.measure.savings_common</name>
    <message>
        <source>Supervisors and admins record savings; staff see the ledger read-only.</source>
        <translation>Los supervisores y administradores registran ahorros; el personal ve el libro en solo lectura.</translation>
    </message>
    <message>
        <source>You entered or changed this entry: a second person validates it (Site settings can allow one person for a one-person site).</source>
        <translation>Tú introdujiste o cambiaste esta entrada: la valida una segunda persona (los ajustes del centro pueden permitir una sola persona en un centro unipersonal).</translation>
    </message>
    <message>
        <source>Validated entries are locked: use Correct… to fix one with a correction entry.</source>
        <translation>Las entradas validadas están bloqueadas: usa Corregir… para arreglar una con una entrada de corrección.</translation>
    </message>
    <message>
        <source>A forecast is a promise, not money: it is never validated. Record the actual amount once the month is over and validate that.</source>
        <translation>Una previsión es una promesa, no dinero: nunca se valida. Registra el importe real cuando termine el mes y valida ese.</translation>
    </message>
    <message>
        <source>Money that no longer leaves the business: less scrap, overtime, material, energy.</source>
        <translation>Dinero que ya no sale de la empresa: menos desechos, horas extra, material, energía.</translation>
    </message>
    <message>
        <source>Time or capacity freed and used for other work.</source>
        <translation>Tiempo o capacidad liberados y usados para otro trabajo.</translation>
    </message>
    <message>
        <source>A cost that would have come and now will not (a hire, a machine, a penalty).</source>
        <translation>Un coste que habría llegado y ahora no llegará (una contratación, una máquina, una penalización).</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
</context>
<context>
    <name>ui.measure.savings_ledger</name>
    <message>
        <source>Validated</source>
        <translation>Validado</translation>
    </message>
    <message>
        <source>Actual savings a supervisor validated; ROI and payback count these.</source>
        <translation>Ahorros reales validados por un supervisor; el ROI y la amortización cuentan estos.</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>Real</translation>
    </message>
    <message>
        <source>Every actual entry, validated or not, corrections included.</source>
        <translation>Todas las entradas reales, validadas o no, correcciones incluidas.</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Previsión</translation>
    </message>
    <message>
        <source>What the forecasts promise.</source>
        <translation>Lo que prometen las previsiones.</translation>
    </message>
    <message>
        <source>One-off cost</source>
        <translation>Coste único</translation>
    </message>
    <message>
        <source>The implementation cost on the idea.</source>
        <translation>El coste de implantación de la idea.</translation>
    </message>
    <message>
        <source>ROI</source>
        <translation>ROI</translation>
    </message>
    <message>
        <source>(Validated savings − one-off cost) ÷ one-off cost.</source>
        <translation>(Ahorros validados − coste único) ÷ coste único.</translation>
    </message>
    <message>
        <source>Payback</source>
        <translation>Amortización</translation>
    </message>
    <message>
        <source>The first month in which validated savings add up to the one-off cost.</source>
        <translation>El primer mes en que los ahorros validados suman el coste único.</translation>
    </message>
    <message>
        <source>Add entry…</source>
        <translation>Añadir entrada…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Editar…</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>Validar</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>Corregir…</translation>
    </message>
    <message>
        <source>Savings entries</source>
        <translation>Entradas de ahorros</translation>
    </message>
    <message>
        <source>No savings recorded yet. Add a forecast when the change is planned, and the actual amount each month once it runs.</source>
        <translation>Aún no hay ahorros registrados. Añade una previsión cuando el cambio esté planificado, y el importe real cada mes una vez en marcha.</translation>
    </message>
    <message>
        <source>Pick who is working first: supervisors and admins record and validate savings.</source>
        <translation>Elige primero quién está trabajando: los supervisores y administradores registran y validan ahorros.</translation>
    </message>
    <message>
        <source>Pick an idea first.</source>
        <translation>Elige primero una idea.</translation>
    </message>
    <message>
        <source>Select an entry first.</source>
        <translation>Selecciona primero una entrada.</translation>
    </message>
    <message>
        <source>Only validated entries are corrected; this one can still be edited.</source>
        <translation>Solo se corrigen las entradas validadas; esta aún puede editarse.</translation>
    </message>
    <message>
        <source>Already validated.</source>
        <translation>Ya validada.</translation>
    </message>
    <message>
        <source>Add a forecast or an actual amount (Ctrl+N)</source>
        <translation>Añadir una previsión o un importe real (Ctrl+N)</translation>
    </message>
    <message>
        <source>Change this entry (Enter)</source>
        <translation>Cambiar esta entrada (Enter)</translation>
    </message>
    <message>
        <source>Confirm this actual amount; it is then locked</source>
        <translation>Confirmar este importe real; después queda bloqueado</translation>
    </message>
    <message>
        <source>Add a correction entry to this validated amount</source>
        <translation>Añadir una entrada de corrección a este importe validado</translation>
    </message>
    <message>
        <source>Validated, so locked: use Correct… to fix it.</source>
        <translation>Validada, por tanto bloqueada: usa Corregir… para arreglarla.</translation>
    </message>
    <message>
        <source>{amount} to validate</source>
        <translation>{amount} por validar</translation>
    </message>
    <message>
        <source>all validated</source>
        <translation>todo validado</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguno</translation>
    </message>
    <message>
        <source>on the idea</source>
        <translation>en la idea</translation>
    </message>
    <message>
        <source>no one-off cost</source>
        <translation>sin coste único</translation>
    </message>
    <message>
        <source>nothing validated yet</source>
        <translation>nada validado aún</translation>
    </message>
    <message>
        <source>{percent}%</source>
        <translation>{percent}&#xa0;%</translation>
    </message>
    <message>
        <source>on validated savings</source>
        <translation>sobre ahorros validados</translation>
    </message>
    <message>
        <source>paid back</source>
        <translation>amortizado</translation>
    </message>
    <message>
        <source>forecast: {month}</source>
        <translation>previsión: {month}</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>aún no</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Aún no</translation>
    </message>
    <message>
        <source>The ledger could not be read: {message}</source>
        <translation>No se pudo leer el libro de ahorros: {message}</translation>
    </message>
    <message>
        <source>Validate savings</source>
        <translation>Validar ahorros</translation>
    </message>
    <message>
        <source>Validate {amount} of {kind} savings for {month}?</source>
        <translation>¿Validar {amount} de ahorros ({kind}) de {month}?</translation>
    </message>
    <message>
        <source>A validated entry is locked: a mistake is then fixed with a correction entry, never by editing it.</source>
        <translation>Una entrada validada queda bloqueada: un error se corrige entonces con una entrada de corrección, nunca editándola.</translation>
    </message>
</context>
<context>
    <name>ui.measure.savings_model</name>
    <message>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Validado</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Correction of #{id}, {kind}</source>
        <translation>Corrección de #{id}, {kind}</translation>
    </message>
    <message>
        <source>Forecast, {kind}</source>
        <translation>Previsión, {kind}</translation>
    </message>
    <message>
        <source>Actual, {kind}</source>
        <translation>Real, {kind}</translation>
    </message>
    <message>
        <source>a supervisor</source>
        <translation>un supervisor</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Aún no</translation>
    </message>
    <message>
        <source>Validated by {name} on {when}.</source>
        <translation>Validada por {name} el {when}.</translation>
    </message>
    <message>
        <source>Not validated yet: a supervisor confirms actual amounts.</source>
        <translation>Aún no validada: un supervisor confirma los importes reales.</translation>
    </message>
</context>
<context>
    <name>ui.measure.stats_details</name>
    <message>
        <source>Primary: {test}</source>
        <translation>Principal: {test}</translation>
    </message>
    <message>
        <source>; Hedges&apos; g {g}</source>
        <translation>; g de Hedges {g}</translation>
    </message>
    <message>
        <source>Robustness check: {test}</source>
        <translation>Comprobación de robustez: {test}</translation>
    </message>
    <message>
        <source>, subgroups of {size}</source>
        <translation>, subgrupos de {size}</translation>
    </message>
    <message>
        <source>one-sided</source>
        <translation>unilateral</translation>
    </message>
    <message>
        <source>two-sided</source>
        <translation>bilateral</translation>
    </message>
    <message>
        <source>Plan: {test}, {sided}, fixed before the after-data; chart {chart}{groups}; {rules}{default}</source>
        <translation>Plan: {test}, {sided}, fijado antes de los datos de después; gráfico {chart}{groups}; {rules}{default}</translation>
    </message>
    <message>
        <source>, the site default</source>
        <translation>, el predeterminado del centro</translation>
    </message>
    <message>
        <source>Samples per phase to detect a change of {change}: {n} (80% power)</source>
        <translation>Muestras por fase para detectar un cambio de {change}: {n} (potencia del 80&#xa0;%)</translation>
    </message>
    <message>
        <source>Capability before: {figures}</source>
        <translation>Capacidad antes: {figures}</translation>
    </message>
    <message>
        <source>Capability after: {figures}</source>
        <translation>Capacidad después: {figures}</translation>
    </message>
    <message>
        <source>DPMO from the overall sigma; {note}.</source>
        <translation>DPMO a partir de la sigma global; {note}.</translation>
    </message>
    <message>
        <source>{rule} at {points}</source>
        <translation>{rule} en {points}</translation>
    </message>
    <message>
        <source>Signals on the before-limits ({chart}): </source>
        <translation>Señales sobre los límites de antes ({chart}): </translation>
    </message>
    <message>
        <source>; {count} more</source>
        <translation>; {count} más</translation>
    </message>
    <message>
        <source>No control-chart signal on the before-phase limits ({chart}).</source>
        <translation>Ninguna señal del gráfico de control sobre los límites de la fase de antes ({chart}).</translation>
    </message>
    <message>
        <source>Control chart ({chart}): {note}</source>
        <translation>Gráfico de control ({chart}): {note}</translation>
    </message>
    <message>
        <source>{name} {symbol} = {statistic}{df}, {p}; difference {estimate} ({interval})</source>
        <translation>{name} {symbol} = {statistic}{df}, {p}; diferencia {estimate} ({interval})</translation>
    </message>
    <message>
        <source>{name} {symbol} = {statistic}{df}, {p}; Hodges-Lehmann shift {estimate} ({interval})</source>
        <translation>{name} {symbol} = {statistic}{df}, {p}; desplazamiento de Hodges-Lehmann {estimate} ({interval})</translation>
    </message>
    <message>
        <source>95% upper bound {value}</source>
        <translation>cota superior al 95&#xa0;% {value}</translation>
    </message>
    <message>
        <source>95% lower bound {value}</source>
        <translation>cota inferior al 95&#xa0;% {value}</translation>
    </message>
    <message>
        <source>95% CI {low} to {high}</source>
        <translation>IC del 95&#xa0;% de {low} a {high}</translation>
    </message>
    <message>
        <source>outside {expected}% expected, {seen}% seen</source>
        <translation>fuera {expected}&#xa0;% esperado, {seen}&#xa0;% observado</translation>
    </message>
    <message>
        <source>sigma level {level}</source>
        <translation>nivel sigma {level}</translation>
    </message>
    <message>
        <source>sigma level above 6</source>
        <translation>nivel sigma superior a 6</translation>
    </message>
</context>
<context>
    <name>ui.measure.stats_panel</name>
    <message>
        <source>Mean</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>Mediana</translation>
    </message>
    <message>
        <source>Std dev</source>
        <translation>Desv. típ.</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Después</translation>
    </message>
    <message>
        <source>No test yet: it needs at least 2 measurements before and 2 after.</source>
        <translation>Aún no hay prueba: necesita al menos 2 mediciones antes y 2 después.</translation>
    </message>
    <message>
        <source>odds ratio</source>
        <translation>razón de probabilidades</translation>
    </message>
    <message>
        <source>0/1 outcomes compared as rates</source>
        <translation>resultados 0/1 comparados como tasas</translation>
    </message>
    <message>
        <source>improvement</source>
        <translation>mejora</translation>
    </message>
    <message>
        <source>Pick a metric to see whether it changed.</source>
        <translation>Elige una métrica para ver si ha cambiado.</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Calculando…</translation>
    </message>
    <message>
        <source>In {unit}; lower is better</source>
        <translation>En {unit}; menor es mejor</translation>
    </message>
    <message>
        <source>In {unit}; higher is better</source>
        <translation>En {unit}; mayor es mejor</translation>
    </message>
    <message>
        <source>lower is better</source>
        <translation>menor es mejor</translation>
    </message>
    <message>
        <source>higher is better</source>
        <translation>mayor es mejor</translation>
    </message>
    <message>
        <source>{percent}% better</source>
        <translation>{percent}&#xa0;% mejor</translation>
    </message>
    <message>
        <source>{percent}% worse</source>
        <translation>{percent}&#xa0;% peor</translation>
    </message>
    <message>
        <source>The change from before to after, in % of before, counted in the better direction (of the means for Welch&apos;s t-test, of the medians for Mann-Whitney, of the rates for 0/1 outcomes).</source>
        <translation>El cambio de antes a después, en % de antes, contado en la dirección mejor (de las medias para la prueba t de Welch, de las medianas para Mann-Whitney, de las tasas para resultados 0/1).</translation>
    </message>
</context>
<context>
    <name>ui.mining.conformance_panel</name>
    <message>
        <source>Deviation</source>
        <translation>Desviación</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Casos</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Caso</translation>
    </message>
    <message>
        <source>Replay fitness</source>
        <translation>Ajuste de reproducción</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Eventos</translation>
    </message>
    <message>
        <source>What deviates</source>
        <translation>Qué se desvía</translation>
    </message>
    <message>
        <source>Skipped step</source>
        <translation>Paso omitido</translation>
    </message>
    <message>
        <source>Step not in the map</source>
        <translation>Paso fuera del mapa</translation>
    </message>
    <message>
        <source>Wrong order</source>
        <translation>Orden incorrecto</translation>
    </message>
    <message>
        <source>{target} after {source}</source>
        <translation>{target} después de {source}</translation>
    </message>
    <message>
        <source>Not a flow of the map</source>
        <translation>No es un flujo del mapa</translation>
    </message>
    <message>
        <source>Never done</source>
        <translation>Nunca realizado</translation>
    </message>
    <message>
        <source>Process map</source>
        <translation>Mapa de proceso</translation>
    </message>
    <message>
        <source>Check the log against the map</source>
        <translation>Comprobar el registro con el mapa</translation>
    </message>
    <message>
        <source>Pick the process whose current-state map this log should follow; its steps are matched to the log&apos;s activities by name. The whole stored log is checked, whatever the filters.</source>
        <translation>Elige el proceso cuyo mapa del estado actual debería seguir este registro; sus pasos se emparejan con las actividades del registro por nombre. Se comprueba todo el registro guardado, sean cuales sean los filtros.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Deviations&lt;/b&gt;</source>
        <translation>&lt;b&gt;Desviaciones&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Deviating cases&lt;/b&gt;</source>
        <translation>&lt;b&gt;Casos que se desvían&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No process is mapped yet</source>
        <translation>Aún no hay ningún proceso mapeado</translation>
    </message>
    <message>
        <source>Replaying the log on the map…</source>
        <translation>Reproduciendo el registro sobre el mapa…</translation>
    </message>
    <message>
        <source>Against &apos;{process}&apos;: {fitting} of {cases} cases ({share}) follow the map in every step. Token-replay fitness {fitness} (mean per case {mean}). {deviating} cases deviate (the first {listed} listed).</source>
        <translation>Frente a «{process}»: {fitting} de {cases} casos ({share}) siguen el mapa en cada paso. Ajuste por reproducción de tokens {fitness} (media por caso {mean}). {deviating} casos se desvían (se listan los primeros {listed}).</translation>
    </message>
    <message>
        <source>Against &apos;{process}&apos;: {fitting} of {cases} cases ({share}) follow the map in every step. Token-replay fitness {fitness} (mean per case {mean}). {deviating} cases deviate.</source>
        <translation>Frente a «{process}»: {fitting} de {cases} casos ({share}) siguen el mapa en cada paso. Ajuste por reproducción de tokens {fitness} (media por caso {mean}). {deviating} casos se desvían.</translation>
    </message>
</context>
<context>
    <name>ui.mining.details_panel</name>
    <message>
        <source>Click an activity or a path</source>
        <translation>Haz clic en una actividad o un camino</translation>
    </message>
    <message>
        <source>Its figures and cases show here.</source>
        <translation>Aquí aparecen sus cifras y casos.</translation>
    </message>
    <message>
        <source>Frequency: {count}
Median time: {median}
Mean time: {mean}
Total time: {total}</source>
        <translation>Frecuencia: {count}
Tiempo mediano: {median}
Tiempo medio: {mean}
Tiempo total: {total}</translation>
    </message>
    <message>
        <source>Events: {count}</source>
        <translation>Eventos: {count}</translation>
    </message>
    <message>
        <source>Cases: {count} ({share})</source>
        <translation>Casos: {count} ({share})</translation>
    </message>
    <message>
        <source>Starts {starts} cases, ends {ends}</source>
        <translation>Inicia {starts} casos, termina {ends}</translation>
    </message>
    <message>
        <source>Processing median {processing}, waiting median {waiting}</source>
        <translation>Procesamiento mediana {processing}, espera mediana {waiting}</translation>
    </message>
    <message>
        <source>Repeats in {count} cases (rework)</source>
        <translation>Se repite en {count} casos (retrabajo)</translation>
    </message>
    <message>
        <source>{count} cases (first {shown}):</source>
        <translation>{count} casos (los primeros {shown}):</translation>
    </message>
    <message>
        <source>{count} case:</source>
        <translation>{count} caso:</translation>
    </message>
    <message>
        <source>{count} cases:</source>
        <translation>{count} casos:</translation>
    </message>
</context>
<context>
    <name>ui.mining.filters_panel</name>
    <message>
        <source>Only cases within a time window</source>
        <translation>Solo casos en un intervalo</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>Variante</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Recurso</translation>
    </message>
    <message>
        <source>Reset filters</source>
        <translation>Restablecer filtros</translation>
    </message>
    <message>
        <source>Activities: the most frequent {percent}%</source>
        <translation>Actividades frecuentes: {percent}&#xa0;%</translation>
    </message>
    <message>
        <source>Paths: the most frequent {percent}%</source>
        <translation>Caminos frecuentes: {percent}&#xa0;%</translation>
    </message>
    <message>
        <source>All variants</source>
        <translation>Todas las variantes</translation>
    </message>
    <message>
        <source>Variant {number}: {cases} cases ({share}), {steps} steps</source>
        <translation>Variante {number}: {cases} casos ({share}), {steps} pasos</translation>
    </message>
    <message>
        <source>All resources</source>
        <translation>Todos los recursos</translation>
    </message>
</context>
<context>
    <name>ui.mining.findings_panel</name>
    <message>
        <source>&lt;b&gt;Bottlenecks&lt;/b&gt;, by waiting hours a year (the log&apos;s span scaled to 365 days)</source>
        <translation>&lt;b&gt;Cuellos de botella&lt;/b&gt;, por horas de espera al año (el periodo del registro escalado a 365 días)</translation>
    </message>
    <message>
        <source>Log as waiting waste…</source>
        <translation>Registrar como despilfarro de espera…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Rework&lt;/b&gt;: activities repeated within a case</source>
        <translation>&lt;b&gt;Retrabajo&lt;/b&gt;: actividades repetidas dentro de un caso</translation>
    </message>
    <message>
        <source>Log as defects waste…</source>
        <translation>Registrar como despilfarro de defectos…</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Minutes lost per repeat</source>
        <translation>Minutos perdidos por repetición</translation>
    </message>
    <message>
        <source>Log waste</source>
        <translation>Registrar despilfarro</translation>
    </message>
    <message>
        <source>There is no area to log it in: add one first.</source>
        <translation>No hay ningún área donde registrarlo: crea una primero.</translation>
    </message>
    <message>
        <source>{hours} hours a year × {rate} an hour in {area} = {cost} a year.</source>
        <translation>{hours} horas al año × {rate} por hora en {area} = {cost} al año.</translation>
    </message>
</context>
<context>
    <name>ui.mining.graph_view</name>
    <message>
        <source>{name}: {count} events</source>
        <translation>{name}: {count} eventos</translation>
    </message>
    <message>
        <source>{source} → {target}: {count} times</source>
        <translation>{source} → {target}: {count} veces</translation>
    </message>
    <message>
        <source>There is no graph to export.</source>
        <translation>No hay ningún grafo que exportar.</translation>
    </message>
    <message>
        <source>Could not write {path}.</source>
        <translation>No se pudo escribir {path}.</translation>
    </message>
    <message>
        <source>Directly-follows graph</source>
        <translation>Grafo de seguimiento directo</translation>
    </message>
    <message>
        <source>Export to a .png, .svg or .pdf file.</source>
        <translation>Exporta a un archivo .png, .svg o .pdf.</translation>
    </message>
</context>
<context>
    <name>ui.mining.import_dialog</name>
    <message>
        <source>Case</source>
        <translation>Caso</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Actividad</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>Marca de tiempo</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Recurso</translation>
    </message>
    <message>
        <source>Lifecycle</source>
        <translation>Ciclo de vida</translation>
    </message>
    <message>
        <source>case</source>
        <translation>caso</translation>
    </message>
    <message>
        <source>activity</source>
        <translation>actividad</translation>
    </message>
    <message>
        <source>timestamp</source>
        <translation>marca de tiempo</translation>
    </message>
    <message>
        <source>resource</source>
        <translation>recurso</translation>
    </message>
    <message>
        <source>lifecycle</source>
        <translation>ciclo de vida</translation>
    </message>
    <message>
        <source>Import event log: columns</source>
        <translation>Importar registro de eventos: columnas</translation>
    </message>
    <message>
        <source>{file}: check which column holds each part of an event. Case, activity and timestamp are needed; timestamps with an offset (+01:00) are read as instants.</source>
        <translation>{file}: comprueba qué columna contiene cada parte de un evento. Caso, actividad y marca de tiempo son obligatorios; las marcas de tiempo con desfase (+01:00) se leen como instantes.</translation>
    </message>
    <message>
        <source>Name of the log</source>
        <translation>Nombre del registro</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguna)</translation>
    </message>
    <message>
        <source>(unnamed column)</source>
        <translation>(columna sin nombre)</translation>
    </message>
    <message>
        <source>The first {count} rows:</source>
        <translation>Las primeras {count} filas:</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <source>Pick the {role} column.</source>
        <translation>Elige la columna de {role}.</translation>
    </message>
    <message>
        <source>One column cannot have two roles.</source>
        <translation>Una columna no puede tener dos funciones.</translation>
    </message>
    <message>
        <source>Give the log a name.</source>
        <translation>Ponle un nombre al registro.</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sin nombre)</translation>
    </message>
</context>
<context>
    <name>ui.mining.importer</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>An import is already running: wait for it or cancel it.</source>
        <translation>Ya hay una importación en curso: espera a que termine o cancélala.</translation>
    </message>
    <message>
        <source>Cannot read {file}: {error}</source>
        <translation>No se puede leer {file}: {error}</translation>
    </message>
    <message>
        <source>Importing {file} as &apos;{name}&apos;…</source>
        <translation>Importando {file} como «{name}»…</translation>
    </message>
    <message>
        <source>The import failed: {error}</source>
        <translation>La importación ha fallado: {error}</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
</context>
<context>
    <name>ui.mining.kpi_dialog</name>
    <message>
        <source>Lead time (median, hours)</source>
        <translation>Tiempo de entrega (mediana, horas)</translation>
    </message>
    <message>
        <source>Throughput (cases a day)</source>
        <translation>Rendimiento (casos al día)</translation>
    </message>
    <message>
        <source>Rework rate (% of cases)</source>
        <translation>Tasa de retrabajo (% de casos)</translation>
    </message>
    <message>
        <source>Cases completed</source>
        <translation>Casos completados</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Por mes</translation>
    </message>
    <message>
        <source>Per week</source>
        <translation>Por semana</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>Tiempo de entrega</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Rendimiento</translation>
    </message>
    <message>
        <source>Rework rate</source>
        <translation>Tasa de retrabajo</translation>
    </message>
    <message>
        <source>Make a KPI series</source>
        <translation>Crear una serie de KPI</translation>
    </message>
    <message>
        <source>KPI points from the log &apos;{log}&apos;</source>
        <translation>Puntos de KPI del registro «{log}»</translation>
    </message>
    <message>
        <source>A case counts in the week or month it ends. Deriving again replaces the points this log gave before for the same periods.</source>
        <translation>Un caso cuenta en la semana o el mes en que termina. Volver a derivar sustituye los puntos que este registro dio antes para los mismos periodos.</translation>
    </message>
    <message>
        <source>Add the points</source>
        <translation>Añadir los puntos</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Proceso</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Medida</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <source>KPI series</source>
        <translation>Serie de KPI</translation>
    </message>
    <message>
        <source>Map a process first: the KPI belongs to one.</source>
        <translation>Mapea primero un proceso: el KPI pertenece a uno.</translation>
    </message>
</context>
<context>
    <name>ui.mining.layout</name>
    <message>
        <source>▶ start</source>
        <translation>▶ inicio</translation>
    </message>
    <message>
        <source>■ end</source>
        <translation>■ fin</translation>
    </message>
    <message>
        <source>Graphviz is not installed: the graph needs its &apos;dot&apos; program (apt-get install graphviz, or graphviz.org).</source>
        <translation>Graphviz no está instalado: el grafo necesita su programa «dot» (apt-get install graphviz, o graphviz.org).</translation>
    </message>
    <message>
        <source>Graphviz took over {seconds} s to lay the graph out: keep fewer activities or paths.</source>
        <translation>Graphviz tardó más de {seconds} s en distribuir el grafo: conserva menos actividades o caminos.</translation>
    </message>
    <message>
        <source>Graphviz could not lay the graph out: {error}</source>
        <translation>Graphviz no pudo distribuir el grafo: {error}</translation>
    </message>
</context>
<context>
    <name>ui.mining.legend</name>
    <message>
        <source>Colour: the median time between the two activities (log scale). Thickness: how often the path is taken. Drag to pan, wheel to zoom.</source>
        <translation>Color: el tiempo mediano entre las dos actividades (escala logarítmica). Grosor: con qué frecuencia se toma el camino. Arrastra para desplazar, rueda para ampliar.</translation>
    </message>
    <message>
        <source>median {time}</source>
        <translation>mediana {time}</translation>
    </message>
    <message>
        <source>thicker = more often</source>
        <translation>grosor = frecuencia</translation>
    </message>
</context>
<context>
    <name>ui.mining.tables</name>
    <message>
        <source>Cases</source>
        <translation>Casos</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Proporción</translation>
    </message>
    <message>
        <source>Median duration</source>
        <translation>Duración mediana</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Pasos</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>Actividades</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Actividad</translation>
    </message>
    <message>
        <source>Executions</source>
        <translation>Ejecuciones</translation>
    </message>
    <message>
        <source>Processing median</source>
        <translation>Procesamiento mediana</translation>
    </message>
    <message>
        <source>Processing mean</source>
        <translation>Procesamiento media</translation>
    </message>
    <message>
        <source>Waiting median</source>
        <translation>Espera mediana</translation>
    </message>
    <message>
        <source>Waiting mean</source>
        <translation>Espera media</translation>
    </message>
    <message>
        <source>Edge</source>
        <translation>Arista</translation>
    </message>
    <message>
        <source>Waiting hours a year</source>
        <translation>Horas de espera al año</translation>
    </message>
    <message>
        <source>Passages</source>
        <translation>Pasadas</translation>
    </message>
    <message>
        <source>Mean wait</source>
        <translation>Espera media</translation>
    </message>
    <message>
        <source>Median wait</source>
        <translation>Espera mediana</translation>
    </message>
    <message>
        <source>Activity repeated</source>
        <translation>Actividad repetida</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>Repeticiones</translation>
    </message>
    <message>
        <source>Of the cases doing it</source>
        <translation>De los casos que la realizan</translation>
    </message>
</context>
<context>
    <name>ui.mining.text</name>
    <message>
        <source>{value} s</source>
        <translation>{value} s</translation>
    </message>
    <message>
        <source>{value} min</source>
        <translation>{value} min</translation>
    </message>
    <message>
        <source>{value} h</source>
        <translation>{value} h</translation>
    </message>
    <message>
        <source>{value} d</source>
        <translation>{value} d</translation>
    </message>
    <message>
        <source>{percent}%</source>
        <translation>{percent}&#xa0;%</translation>
    </message>
</context>
<context>
    <name>ui.mining.view</name>
    <message>
        <source>Process mining</source>
        <translation>Minería de procesos</translation>
    </message>
    <message>
        <source>See how the process really runs, from any system&apos;s event log</source>
        <translation>Mira cómo funciona realmente el proceso, a partir del registro de eventos de cualquier sistema</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Registro de eventos</translation>
    </message>
    <message>
        <source>Where ideas stall</source>
        <translation>Dónde se atascan las ideas</translation>
    </message>
    <message>
        <source>Mine Kaizen&apos;s own improvement process: each idea a case, each status and PDCA stage it entered an event</source>
        <translation>Analiza el propio proceso de mejora de Kaizen: cada idea es un caso; cada estado y etapa PDCA que alcanzó, un evento</translation>
    </message>
    <message>
        <source>Import event log…</source>
        <translation>Importar registro de eventos…</translation>
    </message>
    <message>
        <source>Make a KPI series…</source>
        <translation>Crear una serie de KPI…</translation>
    </message>
    <message>
        <source>The log&apos;s lead time, throughput or rework rate per week or month, as a KPI series of a process</source>
        <translation>El tiempo de entrega, el rendimiento o la tasa de retrabajo del registro por semana o por mes, como serie de KPI de un proceso</translation>
    </message>
    <message>
        <source>Delete log…</source>
        <translation>Eliminar registro…</translation>
    </message>
    <message>
        <source>Remove this event log from the database, for everyone</source>
        <translation>Quitar este registro de eventos de la base de datos, para todos</translation>
    </message>
    <message>
        <source>Fit the graph to the window</source>
        <translation>Ajustar el grafo a la ventana</translation>
    </message>
    <message>
        <source>Export graph</source>
        <translation>Exportar grafo</translation>
    </message>
    <message>
        <source>As {kind}…</source>
        <translation>Como {kind}…</translation>
    </message>
    <message>
        <source>Drop an event log here</source>
        <translation>Suelta aquí un registro de eventos</translation>
    </message>
    <message>
        <source>A CSV, XES or XES.gz export from the ERP, the ticket tool or the hospital system: one row an event, with a case, an activity and a timestamp. Kaizen draws how the process really runs and finds its bottlenecks.</source>
        <translation>Una exportación CSV, XES o XES.gz del ERP, de la herramienta de tickets o del sistema del hospital: una fila por evento, con un caso, una actividad y una marca de tiempo. Kaizen dibuja cómo funciona realmente el proceso y encuentra sus cuellos de botella.</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>Variants</source>
        <translation>Variantes</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>Tiempos</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Hallazgos</translation>
    </message>
    <message>
        <source>Conformance</source>
        <translation>Conformidad</translation>
    </message>
    <message>
        <source>Pick who is working first</source>
        <translation>Elige primero quién está trabajando</translation>
    </message>
    <message>
        <source>Pick who is working first: imports are recorded under their name.</source>
        <translation>Elige primero quién está trabajando: las importaciones se registran a su nombre.</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can import event logs.</source>
        <translation>Solo un supervisor o un administrador puede importar registros de eventos.</translation>
    </message>
    <message>
        <source>{name}  ({cases} cases, {events} events)</source>
        <translation>{name}  ({cases} casos, {events} eventos)</translation>
    </message>
    <message>
        <source>{name} (ideas and PDCA cycles)</source>
        <translation>{name} (ideas y ciclos PDCA)</translation>
    </message>
    <message>
        <source>Loading &apos;{name}&apos;…</source>
        <translation>Cargando «{name}»…</translation>
    </message>
    <message>
        <source>Applying the filters…</source>
        <translation>Aplicando los filtros…</translation>
    </message>
    <message>
        <source>{cases} cases · {events} events · {activities} activities · {variants} variants · median case {median}</source>
        <translation>{cases} casos · {events} eventos · {activities} actividades · {variants} variantes · caso mediano {median}</translation>
    </message>
    <message>
        <source>{cases} cases · {events} events · {activities} activities · {variants} variants · median case {median} (filtered)</source>
        <translation>{cases} casos · {events} eventos · {activities} actividades · {variants} variantes · caso mediano {median} (filtrado)</translation>
    </message>
    <message>
        <source>Showing the {shown} most frequent of {total} paths.</source>
        <translation>Se muestran los {shown} caminos más frecuentes de {total}.</translation>
    </message>
    <message>
        <source>No case is left by these filters: loosen them.</source>
        <translation>Estos filtros no dejan ningún caso: aflójalos.</translation>
    </message>
    <message>
        <source>Case durations: median {median}, mean {mean} over {cases} cases, from {first} to {last}.</source>
        <translation>Duración de los casos: mediana {median}, media {mean} en {cases} casos, de {first} a {last}.</translation>
    </message>
    <message>
        <source>The log has start and complete events: processing (start to complete) and waiting (previous completion to start) per activity.</source>
        <translation>El registro tiene eventos de inicio y fin: procesamiento (de inicio a fin) y espera (del fin anterior al inicio) por actividad.</translation>
    </message>
    <message>
        <source>The log has no start and complete events, so processing and waiting time cannot be told apart.</source>
        <translation>El registro no tiene eventos de inicio y fin, así que el tiempo de procesamiento y el de espera no se pueden separar.</translation>
    </message>
    <message>
        <source>Pick who is working first: KPI points are recorded under their name.</source>
        <translation>Elige primero quién está trabajando: los puntos de KPI se registran a su nombre.</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can add KPI points.</source>
        <translation>Solo un supervisor o un administrador puede añadir puntos de KPI.</translation>
    </message>
    <message>
        <source>Map a process first (Processes page): a KPI series belongs to one.</source>
        <translation>Mapea primero un proceso (página Procesos): una serie de KPI pertenece a uno.</translation>
    </message>
    <message>
        <source>Added {points} points ({unit}) to the KPI &apos;{series}&apos; (a new series), replacing {replaced} from before: its chart is on the process&apos;s KPI tab.</source>
        <translation>Se añadieron {points} puntos ({unit}) al KPI «{series}» (una serie nueva), sustituyendo {replaced} anteriores: su gráfico está en la pestaña KPI del proceso.</translation>
    </message>
    <message>
        <source>Added {points} points ({unit}) to the KPI &apos;{series}&apos; (a new series): its chart is on the process&apos;s KPI tab.</source>
        <translation>Se añadieron {points} puntos ({unit}) al KPI «{series}» (una serie nueva): su gráfico está en la pestaña KPI del proceso.</translation>
    </message>
    <message>
        <source>Added {points} points ({unit}) to the KPI &apos;{series}&apos;, replacing {replaced} from before: its chart is on the process&apos;s KPI tab.</source>
        <translation>Se añadieron {points} puntos ({unit}) al KPI «{series}», sustituyendo {replaced} anteriores: su gráfico está en la pestaña KPI del proceso.</translation>
    </message>
    <message>
        <source>Added {points} points ({unit}) to the KPI &apos;{series}&apos;: its chart is on the process&apos;s KPI tab.</source>
        <translation>Se añadieron {points} puntos ({unit}) al KPI «{series}»: su gráfico está en la pestaña KPI del proceso.</translation>
    </message>
    <message>
        <source>Pick who is working first: a deletion is recorded under their name.</source>
        <translation>Elige primero quién está trabajando: la eliminación se registra a su nombre.</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can delete event logs.</source>
        <translation>Solo un supervisor o un administrador puede eliminar registros de eventos.</translation>
    </message>
    <message>
        <source>Delete event log</source>
        <translation>Eliminar registro de eventos</translation>
    </message>
    <message>
        <source>Delete the event log &apos;{name}&apos;?</source>
        <translation>¿Eliminar el registro de eventos «{name}»?</translation>
    </message>
    <message>
        <source>Its {cases} cases and {events} events are removed from the database, for everyone. This cannot be undone: to see it again, import the file again. Waste observations and KPI points made from it are kept.</source>
        <translation>Sus {cases} casos y {events} eventos se quitan de la base de datos, para todos. No se puede deshacer: para volver a verlo, importa el archivo de nuevo. Las observaciones y los puntos de KPI creados a partir de él se conservan.</translation>
    </message>
    <message>
        <source>Delete the log</source>
        <translation>Eliminar el registro</translation>
    </message>
    <message>
        <source>Deleted the event log &apos;{name}&apos;.</source>
        <translation>Registro de eventos «{name}» eliminado.</translation>
    </message>
    <message>
        <source>Conformance needs an imported event log and a process map; Kaizen&apos;s own process has no map.</source>
        <translation>La conformidad necesita un registro de eventos importado y un mapa de proceso; el propio proceso de Kaizen no tiene mapa.</translation>
    </message>
    <message>
        <source>Import event log</source>
        <translation>Importar registro de eventos</translation>
    </message>
    <message>
        <source>Event logs (*.csv *.xes *.xes.gz *.gz);;All files (*)</source>
        <translation>Registros de eventos (*.csv *.xes *.xes.gz *.gz);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Imported &apos;{name}&apos;: {cases} cases, {events} events.</source>
        <translation>«{name}» importado: {cases} casos, {events} eventos.</translation>
    </message>
    <message>
        <source>Export the graph as {kind}</source>
        <translation>Exportar el grafo como {kind}</translation>
    </message>
    <message>
        <source>Exported the graph to {path}.</source>
        <translation>Grafo exportado a {path}.</translation>
    </message>
    <message>
        <source>Waiting between &apos;{source}&apos; and &apos;{target}&apos;: {hours} hours a year. Which area does it cost?</source>
        <translation>Espera entre «{source}» y «{target}»: {hours} horas al año. ¿A qué área le cuesta?</translation>
    </message>
    <message>
        <source>Log as waiting waste</source>
        <translation>Registrar como despilfarro de espera</translation>
    </message>
    <message>
        <source>&apos;{activity}&apos; is repeated {repeats} times a year. How long does a repeat take, and which area does it cost?</source>
        <translation>«{activity}» se repite {repeats} veces al año. ¿Cuánto dura una repetición y a qué área le cuesta?</translation>
    </message>
    <message>
        <source>Log as defects waste</source>
        <translation>Registrar como despilfarro de defectos</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Elige primero quién está trabajando.</translation>
    </message>
    <message>
        <source>Logged {category} waste #{number} in {area}: {hours} hours, {cost} a year.</source>
        <translation>Despilfarro ({category}) n.º {number} registrado en {area}: {hours} horas, {cost} al año.</translation>
    </message>
    <message>
        <source>Something went wrong: {error}</source>
        <translation>Algo ha fallado: {error}</translation>
    </message>
    <message>
        <source>Kaizen&apos;s own improvement process</source>
        <translation>El propio proceso de mejora de Kaizen</translation>
    </message>
</context>
<context>
    <name>ui.mining.waste</name>
    <message>
        <source>Waiting between &apos;{source}&apos; and &apos;{target}&apos; in event log &apos;{log}&apos; (edge {source} -&gt; {target}): {count} passages, mean wait {mean}, median {median}, {hours} waiting hours a year.</source>
        <translation>Espera entre «{source}» y «{target}» en el registro de eventos «{log}» (arista {source} -&gt; {target}): {count} pasadas, espera media {mean}, mediana {median}, {hours} horas de espera al año.</translation>
    </message>
    <message>
        <source>Rework: &apos;{activity}&apos; repeats in {cases} cases of event log &apos;{log}&apos; ({repeats} repeats, {percent}% of the cases that do it).</source>
        <translation>Retrabajo: «{activity}» se repite en {cases} casos del registro de eventos «{log}» ({repeats} repeticiones, {percent}&#xa0;% de los casos que la realizan).</translation>
    </message>
</context>
<context>
    <name>ui.models.area_tree</name>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Own hourly rate</source>
        <translation>Tarifa propia por hora</translation>
    </message>
    <message>
        <source>Effective rate</source>
        <translation>Tarifa efectiva</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Centro</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activa</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>Retirada</translation>
    </message>
    <message>
        <source>{name}&apos;s own rate: {rate} per hour</source>
        <translation>Tarifa propia de {name}: {rate} por hora</translation>
    </message>
    <message>
        <source>No own rate: uses the site default, {rate} per hour</source>
        <translation>Sin tarifa propia: usa la del centro por defecto, {rate} por hora</translation>
    </message>
    <message>
        <source>No own rate: inherits {rate} per hour from {source}</source>
        <translation>Sin tarifa propia: hereda {rate} por hora de {source}</translation>
    </message>
</context>
<context>
    <name>ui.models.ideas_table</name>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>Submitted by</source>
        <translation>Enviada por</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>Impacto</translation>
    </message>
    <message>
        <source>Effort</source>
        <translation>Esfuerzo</translation>
    </message>
    <message>
        <source>Savings / yr</source>
        <translation>Ahorro/año</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creada</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <source>The idea&apos;s number</source>
        <translation>El número de la idea</translation>
    </message>
    <message>
        <source>Who logged the idea</source>
        <translation>Quién registró la idea</translation>
    </message>
    <message>
        <source>Who carries the idea out, once accepted</source>
        <translation>Quién lleva a cabo la idea, una vez aceptada</translation>
    </message>
    <message>
        <source>Expected impact, 1 (small) to 5 (large)</source>
        <translation>Impacto esperado, de 1 (pequeño) a 5 (grande)</translation>
    </message>
    <message>
        <source>Expected effort, 1 (small) to 5 (large)</source>
        <translation>Esfuerzo esperado, de 1 (pequeño) a 5 (grande)</translation>
    </message>
    <message>
        <source>Expected savings a year</source>
        <translation>Ahorros esperados al año</translation>
    </message>
    <message>
        <source>When the owner plans to be done</source>
        <translation>Cuándo prevé terminar el responsable</translation>
    </message>
    <message>
        <source>Attacks: {wastes}</source>
        <translation>Ataca: {wastes}</translation>
    </message>
    <message>
        <source>{count} comment</source>
        <translation>{count} comentario</translation>
    </message>
    <message>
        <source>{count} comments</source>
        <translation>{count} comentarios</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Vencida</translation>
    </message>
    <message>
        <source>Expected savings: {savings} a year</source>
        <translation>Ahorros esperados: {savings} al año</translation>
    </message>
    <message>
        <source>Waiting for a supervisor to look at it</source>
        <translation>Esperando a que la mire un supervisor</translation>
    </message>
    <message>
        <source>A supervisor is looking at it</source>
        <translation>Un supervisor la está revisando</translation>
    </message>
    <message>
        <source>Accepted: running through Plan, Do, Check and Act</source>
        <translation>Aceptada: pasa por Planificar, Hacer, Verificar y Actuar</translation>
    </message>
    <message>
        <source>Rejected, with a reason</source>
        <translation>Rechazada, con un motivo</translation>
    </message>
    <message>
        <source>Done: the change is the new standard</source>
        <translation>Hecha: el cambio es el nuevo estándar</translation>
    </message>
    <message>
        <source>Stopped after trying it</source>
        <translation>Abandonada tras probarla</translation>
    </message>
</context>
<context>
    <name>ui.models.lazy_table</name>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>(no longer there)</source>
        <translation>(ya no existe)</translation>
    </message>
    <message>
        <source>Click to sort; right-click to choose the columns</source>
        <translation>Haz clic para ordenar; clic derecho para elegir las columnas</translation>
    </message>
</context>
<context>
    <name>ui.models.observations_table</name>
    <message>
        <source>Waste</source>
        <translation>Despilfarro</translation>
    </message>
    <message>
        <source>What was seen</source>
        <translation>Qué se vio</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>Seen by</source>
        <translation>Vista por</translation>
    </message>
    <message>
        <source>Seen on</source>
        <translation>Vista el</translation>
    </message>
    <message>
        <source>Min lost</source>
        <translation>Min perdidos</translation>
    </message>
    <message>
        <source>Per week</source>
        <translation>Por semana</translation>
    </message>
    <message>
        <source>Cost / yr</source>
        <translation>Coste/año</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>The observation&apos;s number</source>
        <translation>El número de la observación</translation>
    </message>
    <message>
        <source>The first line of what was seen (not sortable: search it instead)</source>
        <translation>La primera línea de lo que se vio (no se puede ordenar: búscala)</translation>
    </message>
    <message>
        <source>Minutes lost each time it happens</source>
        <translation>Minutos perdidos cada vez que ocurre</translation>
    </message>
    <message>
        <source>How many times a week it happens</source>
        <translation>Cuántas veces por semana ocurre</translation>
    </message>
    <message>
        <source>What it costs in a year: the minutes priced at the area&apos;s hourly rate, plus any cost per occurrence</source>
        <translation>Lo que cuesta en un año: los minutos a la tarifa por hora del área, más cualquier coste por vez</translation>
    </message>
    <message>
        <source>The idea this observation led to</source>
        <translation>La idea a la que llevó esta observación</translation>
    </message>
    <message>
        <source>{minutes} min lost each time, {per_week} times a week: about {cost} a year</source>
        <translation>{minutes} min perdidos cada vez, {per_week} veces por semana: unos {cost} al año</translation>
    </message>
    <message>
        <source>Led to idea #{id}</source>
        <translation>Llevó a la idea #{id}</translation>
    </message>
    <message>
        <source>Not turned into an idea yet</source>
        <translation>Aún no se ha convertido en idea</translation>
    </message>
</context>
<context>
    <name>ui.models.people_table</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Home area</source>
        <translation>Área habitual</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Confirms with a PIN when picked as who is working</source>
        <translation>Confirma con PIN al elegirse como quien trabaja</translation>
    </message>
    <message>
        <source>Picks themselves without a PIN</source>
        <translation>Se elige sin PIN</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activa</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inactiva</translation>
    </message>
</context>
<context>
    <name>ui.process_map.commands</name>
    <message>
        <source>Add step &quot;{name}&quot;</source>
        <translation>Añadir el paso «{name}»</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Connect &quot;{source}&quot; to &quot;{target}&quot;</source>
        <translation>Conectar «{source}» con «{target}»</translation>
    </message>
    <message>
        <source>Edit step &quot;{name}&quot;</source>
        <translation>Editar el paso «{name}»</translation>
    </message>
    <message>
        <source>Edit flow &quot;{source}&quot; to &quot;{target}&quot;</source>
        <translation>Editar el flujo de «{source}» a «{target}»</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Mover</translation>
    </message>
</context>
<context>
    <name>ui.process_map.compare</name>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>Lead time {before} → {after} {unit} ({change} {unit})</source>
        <translation>Tiempo de entrega {before} → {after} {unit} ({change} {unit})</translation>
    </message>
    <message>
        <source>Value-added ratio {before} % → {after} % ({change} points)</source>
        <translation>Ratio de valor añadido {before}&#xa0;% → {after}&#xa0;% ({change} puntos)</translation>
    </message>
    <message>
        <source>Process time {before} → {after} {unit} ({change} {unit})</source>
        <translation>Tiempo de proceso {before} → {after} {unit} ({change} {unit})</translation>
    </message>
    <message>
        <source>Steps removed: {steps}</source>
        <translation>Pasos eliminados: {steps}</translation>
    </message>
    <message>
        <source>Steps added: {steps}</source>
        <translation>Pasos añadidos: {steps}</translation>
    </message>
    <message>
        <source>Steps changed: {steps}</source>
        <translation>Pasos modificados: {steps}</translation>
    </message>
    <message>
        <source>The bottleneck moved: {before} → {after}</source>
        <translation>El cuello de botella se ha movido: {before} → {after}</translation>
    </message>
    <message>
        <source>The bottleneck stays at {step}</source>
        <translation>El cuello de botella sigue en {step}</translation>
    </message>
    <message>
        <source>{name} (version {version})</source>
        <translation>{name} (versión {version})</translation>
    </message>
    <message>
        <source>Current state</source>
        <translation>Estado actual</translation>
    </message>
    <message>
        <source>Future state</source>
        <translation>Estado futuro</translation>
    </message>
    <message>
        <source>Could not compare: {reason}</source>
        <translation>No se pudo comparar: {reason}</translation>
    </message>
</context>
<context>
    <name>ui.process_map.draft</name>
    <message>
        <source>New step</source>
        <translation>Paso nuevo</translation>
    </message>
</context>
<context>
    <name>ui.process_map.editor</name>
    <message>
        <source>New map</source>
        <translation>Mapa nuevo</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Add step</source>
        <translation>Añadir paso</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Conectar</translation>
    </message>
    <message>
        <source>Drag from one step to another to connect them</source>
        <translation>Arrastra de un paso a otro para conectarlos</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Rehacer</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-, or Ctrl+wheel)</source>
        <translation>Alejar (Ctrl+-, o Ctrl+rueda)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+=, or Ctrl+wheel)</source>
        <translation>Acercar (Ctrl+=, o Ctrl+rueda)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajustar</translation>
    </message>
    <message>
        <source>Fit the map in view (Ctrl+0)</source>
        <translation>Ajustar el mapa a la vista (Ctrl+0)</translation>
    </message>
    <message>
        <source>Auto-layout</source>
        <translation>Distribuir</translation>
    </message>
    <message>
        <source>Lay the map out with Graphviz&apos;s dot</source>
        <translation>Distribuir el mapa con dot de Graphviz</translation>
    </message>
    <message>
        <source>Future state</source>
        <translation>Estado futuro</translation>
    </message>
    <message>
        <source>Make a future state: a copy of this map to change</source>
        <translation>Crear un estado futuro: una copia de este mapa para cambiarla</translation>
    </message>
    <message>
        <source>Idea…</source>
        <translation>Idea…</translation>
    </message>
    <message>
        <source>Let an idea carry this future-state map (its number), or none</source>
        <translation>Hacer que una idea lleve este mapa de estado futuro (su número), o ninguna</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Comparar</translation>
    </message>
    <message>
        <source>This map and a future state side by side, with the deltas</source>
        <translation>Este mapa y un estado futuro lado a lado, con las diferencias</translation>
    </message>
    <message>
        <source>Import JSON…</source>
        <translation>Importar JSON…</translation>
    </message>
    <message>
        <source>Open a process map file</source>
        <translation>Abrir un archivo de mapa de proceso</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Export to PNG, SVG, PDF or JSON</source>
        <translation>Exportar a PNG, SVG, PDF o JSON</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <source>Print the map</source>
        <translation>Imprimir el mapa</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>{name} · version {version}</source>
        <translation>{name} · versión {version}</translation>
    </message>
    <message>
        <source>Something went wrong: {error}</source>
        <translation>Algo ha fallado: {error}</translation>
    </message>
    <message>
        <source>The layout failed, the positions were kept: {error}</source>
        <translation>La distribución ha fallado, se han mantenido las posiciones: {error}</translation>
    </message>
    <message>
        <source>Flows leave start or a step, and arrive at a step or end.</source>
        <translation>Los flujos salen del inicio o de un paso y llegan a un paso o al fin.</translation>
    </message>
    <message>
        <source>&quot;{source}&quot; already flows to &quot;{target}&quot;.</source>
        <translation>«{source}» ya fluye hacia «{target}».</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot; is named twice.</source>
        <translation>El paso «{name}» está repetido.</translation>
    </message>
    <message>
        <source>Waste: {category}: {description}</source>
        <translation>Despilfarro: {category}: {description}</translation>
    </message>
    <message>
        <source>Idea: {title} ({status})</source>
        <translation>Idea: {title} ({status})</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>No guardado: {reason}</translation>
    </message>
    <message>
        <source>Pick who is working and open a map from the database to save it.</source>
        <translation>Elige quién está trabajando y abre un mapa de la base de datos para guardarlo.</translation>
    </message>
    <message>
        <source>Saved: {name} · version {version}</source>
        <translation>Guardado: {name} · versión {version}</translation>
    </message>
    <message>
        <source>Open a saved map and pick who is working first.</source>
        <translation>Abre un mapa guardado y elige primero quién está trabajando.</translation>
    </message>
    <message>
        <source>Made {name}: change it, then compare it with the current state.</source>
        <translation>{name} creado: cámbialo y luego compáralo con el estado actual.</translation>
    </message>
    <message>
        <source>Only a future-state map can be carried by an idea.</source>
        <translation>Solo un mapa de estado futuro puede llevarlo una idea.</translation>
    </message>
    <message>
        <source>Carried by an idea</source>
        <translation>Llevado por una idea</translation>
    </message>
    <message>
        <source>Idea number (0: no idea carries this map):</source>
        <translation>Número de idea (0: ninguna idea lleva este mapa):</translation>
    </message>
    <message>
        <source>Idea {number} carries this map.</source>
        <translation>La idea {number} lleva este mapa.</translation>
    </message>
    <message>
        <source>No idea carries this map now.</source>
        <translation>Ahora ninguna idea lleva este mapa.</translation>
    </message>
    <message>
        <source>Open a saved map first.</source>
        <translation>Abre primero un mapa guardado.</translation>
    </message>
    <message>
        <source>This process has no future state yet: make one first.</source>
        <translation>Este proceso aún no tiene estado futuro: crea uno primero.</translation>
    </message>
    <message>
        <source>Could not read {path}: {reason}</source>
        <translation>No se pudo leer {path}: {reason}</translation>
    </message>
    <message>
        <source>Not imported: {reason}</source>
        <translation>No importado: {reason}</translation>
    </message>
    <message>
        <source>Imported {file}: Save puts it in the database.</source>
        <translation>{file} importado: Guardar lo pone en la base de datos.</translation>
    </message>
    <message>
        <source>Import a process map</source>
        <translation>Importar un mapa de proceso</translation>
    </message>
    <message>
        <source>Process map (*.json)</source>
        <translation>Mapa de proceso (*.json)</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;Process map (*.json)</source>
        <translation>Imagen PNG (*.png);;Dibujo SVG (*.svg);;Documento PDF (*.pdf);;Mapa de proceso (*.json)</translation>
    </message>
    <message>
        <source>Export the map</source>
        <translation>Exportar el mapa</translation>
    </message>
    <message>
        <source>Process map</source>
        <translation>Mapa de proceso</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>No se pudo escribir {path}: {error}</translation>
    </message>
    <message>
        <source>Exported {file}.</source>
        <translation>{file} exportado.</translation>
    </message>
</context>
<context>
    <name>ui.process_map.export</name>
    <message>
        <source>Could not write {path}.</source>
        <translation>No se pudo escribir {path}.</translation>
    </message>
    <message>
        <source>Process map</source>
        <translation>Mapa de proceso</translation>
    </message>
</context>
<context>
    <name>ui.process_map.items</name>
    <message>
        <source>Start</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>The bottleneck: the most work per unit for its resources.</source>
        <translation>El cuello de botella: el mayor trabajo por unidad para sus recursos.</translation>
    </message>
    <message>
        <source>{count} linked observation(s) and idea(s)</source>
        <translation>{count} observación(es) e idea(s) vinculadas</translation>
    </message>
    <message>
        <source>t ?</source>
        <translation>t ?</translation>
    </message>
    <message>
        <source>t {time} {unit}</source>
        <translation>t {time} {unit}</translation>
    </message>
    <message>
        <source>BOTTLENECK</source>
        <translation>CUELLO DE BOTELLA</translation>
    </message>
    <message>
        <source>{percent} %</source>
        <translation>{percent}&#xa0;%</translation>
    </message>
</context>
<context>
    <name>ui.process_map.kpi_tab</name>
    <message>
        <source>Add series</source>
        <translation>Añadir serie</translation>
    </message>
    <message>
        <source>Paste two columns from a spreadsheet: time, value</source>
        <translation>Pega dos columnas de una hoja de cálculo: tiempo, valor</translation>
    </message>
    <message>
        <source>Add pasted points</source>
        <translation>Añadir los puntos pegados</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>Importar CSV…</translation>
    </message>
    <message>
        <source>Points from a CSV file: a time and a value per row (at,value; a header is optional)</source>
        <translation>Puntos de un archivo CSV: un tiempo y un valor por fila (at,value; la cabecera es opcional)</translation>
    </message>
    <message>
        <source>KPI over time</source>
        <translation>KPI a lo largo del tiempo</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Series</translation>
    </message>
    <message>
        <source>{name} ({unit}) · {count} points</source>
        <translation>{name} ({unit}) · {count} puntos</translation>
    </message>
    <message>
        <source>No KPI series yet: add one, then paste or import points.</source>
        <translation>Aún no hay series de KPI: añade una y luego pega o importa puntos.</translation>
    </message>
    <message>
        <source>Pick who is working and a process first.</source>
        <translation>Elige primero quién está trabajando y un proceso.</translation>
    </message>
    <message>
        <source>Pick who is working and a series first.</source>
        <translation>Elige primero quién está trabajando y una serie.</translation>
    </message>
    <message>
        <source>Added {count} points.</source>
        <translation>Se añadieron {count} puntos.</translation>
    </message>
    <message>
        <source>Import KPI points</source>
        <translation>Importar puntos de KPI</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>Archivos CSV (*.csv *.txt);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Imported {count} points from {file}.</source>
        <translation>Se importaron {count} puntos de {file}.</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>Importando {file}…</translation>
    </message>
    <message>
        <source>Something went wrong: {error}</source>
        <translation>Algo ha fallado: {error}</translation>
    </message>
</context>
<context>
    <name>ui.process_map.layout</name>
    <message>
        <source>Graphviz&apos;s dot is not installed: the positions were kept.</source>
        <translation>dot de Graphviz no está instalado: se han mantenido las posiciones.</translation>
    </message>
</context>
<context>
    <name>ui.process_map.scene</name>
    <message>
        <source>Value-adding</source>
        <translation>Con valor añadido</translation>
    </message>
    <message>
        <source>Necessary, non-value-adding</source>
        <translation>Necesario, sin valor añadido</translation>
    </message>
    <message>
        <source>Waste (hatched)</source>
        <translation>Despilfarro (rayado)</translation>
    </message>
    <message>
        <source>Bottleneck</source>
        <translation>Cuello de botella</translation>
    </message>
    <message>
        <source>Timeline along the main path (waits above, process times below)</source>
        <translation>Línea de tiempo del camino principal (esperas arriba, tiempos de proceso abajo)</translation>
    </message>
    <message>
        <source>No figures until the map is valid: {why}</source>
        <translation>No hay cifras hasta que el mapa sea válido: {why}</translation>
    </message>
    <message>
        <source>{time} {unit}</source>
        <translation>{time} {unit}</translation>
    </message>
    <message>
        <source>Lead time {time} {unit}</source>
        <translation>Tiempo de entrega {time} {unit}</translation>
    </message>
    <message>
        <source>Process time {time} {unit}</source>
        <translation>Tiempo de proceso {time} {unit}</translation>
    </message>
    <message>
        <source>Value-added ratio {percent} %</source>
        <translation>Ratio de valor añadido {percent}&#xa0;%</translation>
    </message>
    <message>
        <source>Takt {time} {unit}</source>
        <translation>Takt {time} {unit}</translation>
    </message>
</context>
<context>
    <name>ui.process_map.step_panel</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Value type</source>
        <translation>Tipo de valor</translation>
    </message>
    <message>
        <source>Waste category</source>
        <translation>Categoría de despilfarro</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>Std. deviation</source>
        <translation>Desviación típica</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Mínimo</translation>
    </message>
    <message>
        <source>Most likely</source>
        <translation>Más probable</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>Máximo</translation>
    </message>
    <message>
        <source>Observed times</source>
        <translation>Tiempos observados</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Recursos</translation>
    </message>
    <message>
        <source>Wait before</source>
        <translation>Espera previa</translation>
    </message>
    <message>
        <source>% complete &amp;&amp; accurate</source>
        <translation>% completo y correcto</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Entradas</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Salidas</translation>
    </message>
    <message>
        <source>Select a step or a flow</source>
        <translation>Selecciona un paso o un flujo</translation>
    </message>
    <message>
        <source>e.g. 3, 4.5, 6</source>
        <translation>p. ej. 3, 4.5, 6</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <source>blank: the step&apos;s only flow</source>
        <translation>en blanco: el único flujo del paso</translation>
    </message>
    <message>
        <source>Probability (0 to 1)</source>
        <translation>Probabilidad (0 a 1)</translation>
    </message>
    <message>
        <source>Observations and ideas at this step</source>
        <translation>Observaciones e ideas en este paso</translation>
    </message>
    <message>
        <source>Log waste here</source>
        <translation>Registrar despilfarro aquí</translation>
    </message>
    <message>
        <source>Suggest an idea here</source>
        <translation>Proponer una idea aquí</translation>
    </message>
    <message>
        <source>Select a step or a flow to see its properties</source>
        <translation>Selecciona un paso o un flujo para ver sus propiedades</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot;</source>
        <translation>Paso «{name}»</translation>
    </message>
    <message>
        <source>Nothing linked yet</source>
        <translation>Aún no hay nada vinculado</translation>
    </message>
    <message>
        <source>Save the map first: the step needs its row to link to</source>
        <translation>Guarda primero el mapa: el paso necesita su fila para vincularse</translation>
    </message>
    <message>
        <source>Flow &quot;{source}&quot; to &quot;{target}&quot;</source>
        <translation>Flujo de «{source}» a «{target}»</translation>
    </message>
    <message>
        <source>The probability must be a number above 0 and at most 1 (blank: the step&apos;s only flow).</source>
        <translation>La probabilidad debe ser un número mayor que 0 y como mucho 1 (en blanco: el único flujo del paso).</translation>
    </message>
</context>
<context>
    <name>ui.process_map.style</name>
    <message>
        <source>Value-adding</source>
        <translation>Con valor añadido</translation>
    </message>
    <message>
        <source>Necessary (non-value-adding)</source>
        <translation>Necesario (sin valor añadido)</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>Despilfarro</translation>
    </message>
    <message>
        <source>VALUE-ADDING</source>
        <translation>VALOR AÑADIDO</translation>
    </message>
    <message>
        <source>NECESSARY</source>
        <translation>NECESARIO</translation>
    </message>
    <message>
        <source>WASTE</source>
        <translation>DESPILFARRO</translation>
    </message>
    <message>
        <source>transport</source>
        <translation>transporte</translation>
    </message>
    <message>
        <source>inventory</source>
        <translation>inventario</translation>
    </message>
    <message>
        <source>motion</source>
        <translation>movimiento</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>espera</translation>
    </message>
    <message>
        <source>overproduction</source>
        <translation>sobreproducción</translation>
    </message>
    <message>
        <source>over-processing</source>
        <translation>sobreprocesamiento</translation>
    </message>
    <message>
        <source>defects</source>
        <translation>defectos</translation>
    </message>
    <message>
        <source>fixed</source>
        <translation>fija</translation>
    </message>
    <message>
        <source>exponential</source>
        <translation>exponencial</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>lognormal</source>
        <translation>lognormal</translation>
    </message>
    <message>
        <source>triangular</source>
        <translation>triangular</translation>
    </message>
    <message>
        <source>empirical</source>
        <translation>empírica</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>enviada</translation>
    </message>
    <message>
        <source>under_review</source>
        <translation>en revisión</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>aceptada</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rechazada</translation>
    </message>
    <message>
        <source>standardised</source>
        <translation>estandarizada</translation>
    </message>
    <message>
        <source>abandoned</source>
        <translation>abandonada</translation>
    </message>
    <message>
        <source>s</source>
        <translation>s</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>h</source>
        <translation>h</translation>
    </message>
    <message>
        <source>d</source>
        <translation>d</translation>
    </message>
</context>
<context>
    <name>ui.review.batch_review</name>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Aceptar</translation>
    </message>
    <message>
        <source>Accepting starts each idea&apos;s first PDCA cycle in Plan. Give them an owner and a due date, or leave them as they are.</source>
        <translation>Aceptar inicia el primer ciclo PDCA de cada idea en Planificar. Asígnales un responsable y una fecha límite, o déjalas como están.</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;Rechazar</translation>
    </message>
    <message>
        <source>Rejecting closes the ideas. The reason is shown to each submitter, so say why kindly.</source>
        <translation>Rechazar cierra las ideas. El motivo se muestra a cada autor, así que explícalo con amabilidad.</translation>
    </message>
    <message>
        <source>Send &amp;back</source>
        <translation>&amp;Devolver</translation>
    </message>
    <message>
        <source>Sending back returns the ideas to their submitters as submitted, with your note (also added to each idea&apos;s comments) saying what is missing.</source>
        <translation>Devolver envía las ideas de vuelta a sus autores como enviadas, con tu nota (añadida también a los comentarios de cada idea) que dice lo que falta.</translation>
    </message>
    <message>
        <source>&amp;Start review</source>
        <translation>En re&amp;visión</translation>
    </message>
    <message>
        <source>Marks the ideas as under review, so the team sees someone is looking at them.</source>
        <translation>Marca las ideas como en revisión, para que el equipo vea que alguien las está mirando.</translation>
    </message>
    <message>
        <source>Accept {count} idea</source>
        <translation>Aceptar {count} idea</translation>
    </message>
    <message>
        <source>Accept {count} ideas</source>
        <translation>Aceptar {count} ideas</translation>
    </message>
    <message>
        <source>Reject {count} idea</source>
        <translation>Rechazar {count} idea</translation>
    </message>
    <message>
        <source>Reject {count} ideas</source>
        <translation>Rechazar {count} ideas</translation>
    </message>
    <message>
        <source>Send back {count} idea</source>
        <translation>Devolver {count} idea</translation>
    </message>
    <message>
        <source>Send back {count} ideas</source>
        <translation>Devolver {count} ideas</translation>
    </message>
    <message>
        <source>Start review of {count} idea</source>
        <translation>Iniciar la revisión de {count} idea</translation>
    </message>
    <message>
        <source>Start review of {count} ideas</source>
        <translation>Iniciar la revisión de {count} ideas</translation>
    </message>
    <message>
        <source>Accept the ideas listed above (Enter or Ctrl+Enter)</source>
        <translation>Aceptar las ideas de la lista de arriba (Enter o Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Reject the ideas listed above (Enter or Ctrl+Enter)</source>
        <translation>Rechazar las ideas de la lista de arriba (Enter o Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Send back the ideas listed above (Enter or Ctrl+Enter)</source>
        <translation>Devolver las ideas de la lista de arriba (Enter o Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Start review of the ideas listed above (Enter or Ctrl+Enter)</source>
        <translation>Iniciar la revisión de las ideas de la lista de arriba (Enter o Ctrl+Enter)</translation>
    </message>
    <message>
        <source>{count} idea accepted</source>
        <translation>{count} idea aceptada</translation>
    </message>
    <message>
        <source>{count} ideas accepted</source>
        <translation>{count} ideas aceptadas</translation>
    </message>
    <message>
        <source>{count} idea rejected</source>
        <translation>{count} idea rechazada</translation>
    </message>
    <message>
        <source>{count} ideas rejected</source>
        <translation>{count} ideas rechazadas</translation>
    </message>
    <message>
        <source>{count} idea sent back</source>
        <translation>{count} idea devuelta</translation>
    </message>
    <message>
        <source>{count} ideas sent back</source>
        <translation>{count} ideas devueltas</translation>
    </message>
    <message>
        <source>{count} idea put under review</source>
        <translation>{count} idea puesta en revisión</translation>
    </message>
    <message>
        <source>{count} ideas put under review</source>
        <translation>{count} ideas puestas en revisión</translation>
    </message>
    <message>
        <source>Review {count} idea</source>
        <translation>Revisar {count} idea</translation>
    </message>
    <message>
        <source>Review {count} ideas</source>
        <translation>Revisar {count} ideas</translation>
    </message>
    <message>
        <source>As {name} ({role})</source>
        <translation>Como {name} ({role})</translation>
    </message>
    <message>
        <source>Nobody is picked as working</source>
        <translation>No hay nadie elegido como trabajando</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Keep the current owner</source>
        <translation>Mantener el responsable actual</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Keep the due date</source>
        <translation>Mantener la fecha límite</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Fecha límite</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Close without reviewing (Esc)</source>
        <translation>Cerrar sin revisar (Esc)</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Why are these ideas rejected? (required)</source>
        <translation>¿Por qué se rechazan estas ideas? (obligatorio)</translation>
    </message>
    <message>
        <source>What should the submitters add or change? (required)</source>
        <translation>¿Qué deben añadir o cambiar los autores? (obligatorio)</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Elige primero quién está trabajando.</translation>
    </message>
    <message>
        <source>{name} is {role}: only supervisors and admins review ideas.</source>
        <translation>{name} es {role}: solo los supervisores y administradores revisan ideas.</translation>
    </message>
    <message>
        <source>Select one or more ideas in the list first.</source>
        <translation>Selecciona primero una o varias ideas de la lista.</translation>
    </message>
    <message>
        <source> and {count} more</source>
        <translation> y {count} más</translation>
    </message>
    <message>
        <source>Only submitted ideas and ideas under review can be reviewed: {which}{more} will be left as they are.</source>
        <translation>Solo se pueden revisar las ideas enviadas y las que están en revisión: {which}{more} se quedarán como están.</translation>
    </message>
    <message>
        <source>#{id}  (no longer there)</source>
        <translation>#{id}  (ya no existe)</translation>
    </message>
    <message>
        <source>{title}
{area}, from {submitter}; {status}</source>
        <translation>{title}
{area}, de {submitter}; {status}</translation>
    </message>
    <message>
        <source>The ideas could not be read: {message}</source>
        <translation>No se pudieron leer las ideas: {message}</translation>
    </message>
    <message>
        <source>Nothing was changed</source>
        <translation>No se cambió nada</translation>
    </message>
    <message>
        <source>{count} refused</source>
        <translation>{count} denegadas</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Close (Enter)</source>
        <translation>Cerrar (Enter)</translation>
    </message>
</context>
<context>
    <name>ui.simulation.attach_dialog</name>
    <message>
        <source>Attach to idea as forecast</source>
        <translation>Adjuntar a una idea como previsión</translation>
    </message>
    <message>
        <source>The lead time &quot;{scenario}&quot; saves becomes hours a year and, at the area&apos;s hourly rate, the idea&apos;s expected savings.</source>
        <translation>El tiempo de entrega que ahorra «{scenario}» se convierte en horas al año y, a la tarifa por hora del área, en los ahorros esperados de la idea.</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>Adjuntar</translation>
    </message>
</context>
<context>
    <name>ui.simulation.calibration_panel</name>
    <message>
        <source>Calibrated from {log}</source>
        <translation>Calibrado a partir de {log}</translation>
    </message>
    <message>
        <source>The model is {percent}% above reality: credible.</source>
        <translation>El modelo está un {percent}&#xa0;% por encima de la realidad: creíble.</translation>
    </message>
    <message>
        <source>The model is {percent}% above reality: check it before trusting a forecast.</source>
        <translation>El modelo está un {percent}&#xa0;% por encima de la realidad: revísalo antes de fiarte de una previsión.</translation>
    </message>
    <message>
        <source>The model is {percent}% below reality: credible.</source>
        <translation>El modelo está un {percent}&#xa0;% por debajo de la realidad: creíble.</translation>
    </message>
    <message>
        <source>The model is {percent}% below reality: check it before trusting a forecast.</source>
        <translation>El modelo está un {percent}&#xa0;% por debajo de la realidad: revísalo antes de fiarte de una previsión.</translation>
    </message>
    <message>
        <source>start/complete</source>
        <translation>inicio/fin</translation>
    </message>
    <message>
        <source>gaps</source>
        <translation>huecos</translation>
    </message>
    <message>
        <source>{mean} [{low}, {high}]</source>
        <translation>{mean} [{low}, {high}]</translation>
    </message>
    <message>
        <source>Simulated lead time {simulated} {units} against the log&apos;s real {real} {units} (mean; 90th percentile {p90}), from {cases} cases, durations from {source}.</source>
        <translation>Tiempo de entrega simulado {simulated} {units} frente al real del registro, {real} {units} (media; percentil 90 {p90}), a partir de {cases} casos, duraciones a partir de {source}.</translation>
    </message>
    <message>
        <source>Calibrate</source>
        <translation>Calibrar</translation>
    </message>
    <message>
        <source>Use calibrated model</source>
        <translation>Usar el modelo calibrado</translation>
    </message>
    <message>
        <source>Store the calibrated model as a process map and simulate scenarios on it</source>
        <translation>Guardar el modelo calibrado como mapa de proceso y simular escenarios sobre él</translation>
    </message>
    <message>
        <source>No event log imported yet: import one (kaizen log import) to calibrate from it.</source>
        <translation>Aún no se ha importado ningún registro de eventos: importa uno (kaizen log import) para calibrar a partir de él.</translation>
    </message>
    <message>
        <source>Calibrating from {log} and simulating it…</source>
        <translation>Calibrando a partir de {log} y simulándolo…</translation>
    </message>
    <message>
        <source>Could not calibrate: {error}</source>
        <translation>No se pudo calibrar: {error}</translation>
    </message>
</context>
<context>
    <name>ui.simulation.changes_editor</name>
    <message>
        <source>Remove a step</source>
        <translation>Quitar un paso</translation>
    </message>
    <message>
        <source>Add resources</source>
        <translation>Añadir recursos</translation>
    </message>
    <message>
        <source>Shorten a duration</source>
        <translation>Acortar una duración</translation>
    </message>
    <message>
        <source>Reroute</source>
        <translation>Redirigir</translation>
    </message>
    <message>
        <source>Change the demand</source>
        <translation>Cambiar la demanda</translation>
    </message>
    <message>
        <source>Resources to add</source>
        <translation>Recursos que añadir</translation>
    </message>
    <message>
        <source>Shorter by</source>
        <translation>Más corto en</translation>
    </message>
    <message>
        <source>Share sent there</source>
        <translation>Proporción enviada allí</translation>
    </message>
    <message>
        <source>Demand change</source>
        <translation>Cambio de demanda</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Paso</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Hacia</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <source>Add change</source>
        <translation>Añadir cambio</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>end</source>
        <translation>fin</translation>
    </message>
    <message>
        <source>{label} must be a whole number from {low} to {high}.</source>
        <translation>{label}: escribe un número entero de {low} a {high}.</translation>
    </message>
</context>
<context>
    <name>ui.simulation.options_form</name>
    <message>
        <source>Auto (10,000 cases)</source>
        <translation>Auto (10.000 casos)</translation>
    </message>
    <message>
        <source>Auto (a tenth)</source>
        <translation>Auto (una décima parte)</translation>
    </message>
    <message>
        <source>Replications</source>
        <translation>Réplicas</translation>
    </message>
    <message>
        <source>Horizon</source>
        <translation>Horizonte</translation>
    </message>
    <message>
        <source>Warm-up</source>
        <translation>Calentamiento</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
</context>
<context>
    <name>ui.simulation.results_data</name>
    <message>
        <source>Throughput</source>
        <translation>Rendimiento</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>Tiempo de entrega</translation>
    </message>
    <message>
        <source>Lead time, 90th percentile</source>
        <translation>Tiempo de entrega, percentil 90</translation>
    </message>
    <message>
        <source>Work in progress</source>
        <translation>Trabajo en curso</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>segundos</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutos</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>horas</translation>
    </message>
    <message>
        <source>days</source>
        <translation>días</translation>
    </message>
    <message>
        <source>per second</source>
        <translation>por segundo</translation>
    </message>
    <message>
        <source>per minute</source>
        <translation>por minuto</translation>
    </message>
    <message>
        <source>per hour</source>
        <translation>por hora</translation>
    </message>
    <message>
        <source>per day</source>
        <translation>por día</translation>
    </message>
    <message>
        <source>cases/second</source>
        <translation>casos/segundo</translation>
    </message>
    <message>
        <source>cases/minute</source>
        <translation>casos/minuto</translation>
    </message>
    <message>
        <source>cases/hour</source>
        <translation>casos/hora</translation>
    </message>
    <message>
        <source>cases/day</source>
        <translation>casos/día</translation>
    </message>
    <message>
        <source>{value}%</source>
        <translation>{value}&#xa0;%</translation>
    </message>
    <message>
        <source>{difference} pts</source>
        <translation>{difference} pts</translation>
    </message>
    <message>
        <source>real</source>
        <translation>real</translation>
    </message>
    <message>
        <source>not shown</source>
        <translation>no demostrada</translation>
    </message>
    <message>
        <source>cases</source>
        <translation>casos</translation>
    </message>
    <message>
        <source>{step}: queue wait</source>
        <translation>{step}: espera en cola</translation>
    </message>
    <message>
        <source>{step}: utilisation</source>
        <translation>{step}: utilización</translation>
    </message>
    <message>
        <source>Current state</source>
        <translation>Estado actual</translation>
    </message>
    <message>
        <source>Wait at {step}</source>
        <translation>Espera en {step}</translation>
    </message>
</context>
<context>
    <name>ui.simulation.results_panel</name>
    <message>
        <source>Figure</source>
        <translation>Cifra</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Escenario</translation>
    </message>
    <message>
        <source>Difference (95% CI)</source>
        <translation>Diferencia (IC 95&#xa0;%)</translation>
    </message>
    <message>
        <source>Real?</source>
        <translation>¿Real?</translation>
    </message>
    <message>
        <source>The map against the scenario</source>
        <translation>El mapa frente al escenario</translation>
    </message>
    <message>
        <source>Run a scenario to compare it with the current state.</source>
        <translation>Ejecuta un escenario para compararlo con el estado actual.</translation>
    </message>
    <message>
        <source>{figure} ({unit})</source>
        <translation>{figure} ({unit})</translation>
    </message>
    <message>
        <source>Mean with its 95% interval: {interval}</source>
        <translation>Media con su intervalo del 95&#xa0;%: {interval}</translation>
    </message>
    <message>
        <source>{replications} replications of {horizon} {units} each (the first {warmup} discarded), seed {seed}, paired on common random numbers. A difference is real when its 95% interval excludes 0.</source>
        <translation>{replications} réplicas de {horizon} {units} cada una (se descartan las primeras {warmup}), semilla {seed}, emparejadas con números aleatorios comunes. Una diferencia es real cuando su intervalo del 95&#xa0;% excluye el 0.</translation>
    </message>
    <message>
        <source>What-if: {scenario}</source>
        <translation>¿Y si…?: {scenario}</translation>
    </message>
</context>
<context>
    <name>ui.simulation.view</name>
    <message>
        <source>What-if</source>
        <translation>¿Y si…?</translation>
    </message>
    <message>
        <source>Simulate a change before making it: the current state against a scenario, with 95% intervals, and its forecast on an idea.</source>
        <translation>Simula un cambio antes de hacerlo: el estado actual frente a un escenario, con intervalos del 95&#xa0;%, y su previsión en una idea.</translation>
    </message>
    <message>
        <source>No process map to simulate yet</source>
        <translation>Aún no hay ningún mapa de proceso que simular</translation>
    </message>
    <message>
        <source>Map a process first (or start one from a template such as the patient flow, kaizen process new), then come back to try a change on it before making it.</source>
        <translation>Mapea primero un proceso (o empieza con una plantilla como el flujo de pacientes, kaizen process new) y vuelve luego para probar un cambio antes de hacerlo.</translation>
    </message>
    <message>
        <source>Process map</source>
        <translation>Mapa de proceso</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Escenario</translation>
    </message>
    <message>
        <source>A name for this scenario</source>
        <translation>Un nombre para este escenario</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ejecutar</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Previsión</translation>
    </message>
    <message>
        <source>Attach to idea as forecast…</source>
        <translation>Adjuntar a una idea como previsión…</translation>
    </message>
    <message>
        <source>Calibrate from an event log</source>
        <translation>Calibrar a partir de un registro de eventos</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>The map: {warning}</source>
        <translation>El mapa: {warning}</translation>
    </message>
    <message>
        <source>The scenario cannot be built: {reason}</source>
        <translation>No se puede construir el escenario: {reason}</translation>
    </message>
    <message>
        <source>Scenario: {warning}</source>
        <translation>Escenario: {warning}</translation>
    </message>
    <message>
        <source>Pick who is working (top right) to run a scenario.</source>
        <translation>Elige quién está trabajando (arriba a la derecha) para ejecutar un escenario.</translation>
    </message>
    <message>
        <source>Supervisors and admins run scenarios (they are saved with the map).</source>
        <translation>Los supervisores y administradores ejecutan escenarios (se guardan con el mapa).</translation>
    </message>
    <message>
        <source>Simulating the current state and the scenario…</source>
        <translation>Simulando el estado actual y el escenario…</translation>
    </message>
    <message>
        <source>{done} of {total} replications</source>
        <translation>{done} de {total} réplicas</translation>
    </message>
    <message>
        <source>Saved and simulated &quot;{name}&quot;.</source>
        <translation>«{name}» guardado y simulado.</translation>
    </message>
    <message>
        <source>Cancelled: no results were recorded.</source>
        <translation>Cancelado: no se registró ningún resultado.</translation>
    </message>
    <message>
        <source>Could not run the scenario: {error}</source>
        <translation>No se pudo ejecutar el escenario: {error}</translation>
    </message>
    <message>
        <source>Forecast on idea #{number}: {hours} hours and {amount} a year.</source>
        <translation>Previsión en la idea n.º {number}: {hours} horas y {amount} al año.</translation>
    </message>
    <message>
        <source>Supervisors and admins store a calibrated model as a map.</source>
        <translation>Los supervisores y administradores guardan un modelo calibrado como mapa.</translation>
    </message>
    <message>
        <source>{name} has no home area to keep the calibrated process in: set one on the People page.</source>
        <translation>{name} no tiene un área propia donde guardar el proceso calibrado: asígnale una en la página Personas.</translation>
    </message>
    <message>
        <source>Storing the calibrated model as a map…</source>
        <translation>Guardando el modelo calibrado como mapa…</translation>
    </message>
    <message>
        <source>The calibrated model is a new process &apos;{name}&apos;: scenarios now change it.</source>
        <translation>El modelo calibrado es un proceso nuevo, «{name}»: ahora los escenarios lo cambian.</translation>
    </message>
    <message>
        <source>The calibrated model replaced the current state of &apos;{name}&apos;: scenarios now change it.</source>
        <translation>El modelo calibrado ha sustituido el estado actual de «{name}»: ahora los escenarios lo cambian.</translation>
    </message>
    <message>
        <source>a real difference</source>
        <translation>una diferencia real</translation>
    </message>
    <message>
        <source>not shown to be real</source>
        <translation>no se ha demostrado que sea real</translation>
    </message>
    <message>
        <source>not tested</source>
        <translation>no probada</translation>
    </message>
    <message>
        <source>Idea #{number}: {saved} {units} saved per case ({real}) x {cases} cases a year = {hours} hours, at {rate}/h = {amount} a year, now the idea&apos;s expected savings.</source>
        <translation>Idea n.º {number}: {saved} {units} ahorrados por caso ({real}) × {cases} casos al año = {hours} horas, a {rate}/h = {amount} al año, ahora los ahorros esperados de la idea.</translation>
    </message>
    <message>
        <source>Scenario 1</source>
        <translation>Escenario 1</translation>
    </message>
</context>
<context>
    <name>ui.undo_offer</name>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>Nothing to undo here: Ctrl+Z takes back your last review decision or card move.</source>
        <translation>Nada que deshacer aquí: Ctrl+Z deshace tu última decisión de revisión o movimiento de tarjeta.</translation>
    </message>
    <message>
        <source>Take it back (Ctrl+Z), for {seconds} seconds</source>
        <translation>Deshacerlo (Ctrl+Z), durante {seconds} segundos</translation>
    </message>
</context>
<context>
    <name>ui.views.dashboard</name>
    <message>
        <source>All areas</source>
        <translation>Todas las áreas</translation>
    </message>
    <message>
        <source>Year to date (1 January to the end of the period): click to see its list</source>
        <translation>Año hasta la fecha (del 1 de enero al final del periodo): haz clic para ver su lista</translation>
    </message>
    <message>
        <source>{caption}: {tip}
Click to see the list behind it.</source>
        <translation>{caption}: {tip}
Haz clic para ver la lista que hay detrás.</translation>
    </message>
    <message>
        <source>YTD</source>
        <translation>En el año</translation>
    </message>
    <message>
        <source>Could not be read</source>
        <translation>No se pudo leer</translation>
    </message>
    <message>
        <source>Could not be read: {error}</source>
        <translation>No se pudo leer: {error}</translation>
    </message>
    <message>
        <source>Top wastes</source>
        <translation>Principales despilfarros</translation>
    </message>
    <message>
        <source>Top wastes: the wastes whose observations in the period cost the most a year (minutes lost at the area&apos;s hourly rate plus the cost per occurrence, × occurrences a week × 52). Click one to see its observations.</source>
        <translation>Principales despilfarros: los despilfarros cuyas observaciones del periodo cuestan más al año (minutos perdidos a la tarifa por hora del área más el coste por ocurrencia, × ocurrencias por semana × 52). Haz clic en uno para ver sus observaciones.</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>Este periodo</translation>
    </message>
    <message>
        <source>Year to date</source>
        <translation>Año hasta la fecha</translation>
    </message>
    <message>
        <source>No waste observed</source>
        <translation>Ningún despilfarro observado</translation>
    </message>
    <message>
        <source>This period · {currency} a year</source>
        <translation>Periodo · {currency}/año</translation>
    </message>
    <message>
        <source>Year to date · {currency} a year</source>
        <translation>En el año · {currency}/año</translation>
    </message>
    <message>
        <source>{waste}: {count} observation, costing {cost} a year. Click to see them.</source>
        <translation>{waste}: {count} observación, cuesta {cost} al año. Haz clic para verla.</translation>
    </message>
    <message>
        <source>{waste}: {count} observations, costing {cost} a year. Click to see them.</source>
        <translation>{waste}: {count} observaciones, cuestan {cost} al año. Haz clic para verlas.</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Panel</translation>
    </message>
    <message>
        <source>Where the site stands today.</source>
        <translation>Dónde está hoy el centro.</translation>
    </message>
    <message>
        <source>Savings by month</source>
        <translation>Ahorros por mes</translation>
    </message>
    <message>
        <source>Waste Pareto</source>
        <translation>Pareto de despilfarros</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <source>The days the figures count</source>
        <translation>Los días que cuentan las cifras</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>First day counted</source>
        <translation>Primer día contado</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <source>Last day counted</source>
        <translation>Último día contado</translation>
    </message>
    <message>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>Count this area and the areas below it</source>
        <translation>Contar esta área y las áreas que hay debajo</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Read the figures again (F5)</source>
        <translation>Volver a leer las cifras (F5)</translation>
    </message>
    <message>
        <source>Where ideas stall</source>
        <translation>Dónde se atascan las ideas</translation>
    </message>
    <message>
        <source>Mine the ideas&apos; own status and PDCA stage changes: where they wait longest</source>
        <translation>Analizar los cambios de estado y de etapa PDCA de las propias ideas: dónde esperan más</translation>
    </message>
    <message>
        <source>Pick a day</source>
        <translation>Elegir un día</translation>
    </message>
    <message>
        <source>Waste Pareto · seen {period}</source>
        <translation>Pareto de despilfarros · visto {period}</translation>
    </message>
    <message>
        <source>Validated savings · last {count} months</source>
        <translation>Ahorros validados · últimos {count} meses</translation>
    </message>
    <message>
        <source>the site</source>
        <translation>el centro</translation>
    </message>
    <message>
        <source>Where {site} stands: ideas, savings and wastes of {period}; open actions and cards as of {day}.</source>
        <translation>Dónde está {site}: ideas, ahorros y despilfarros de {period}; acciones y tarjetas abiertas a {day}.</translation>
    </message>
    <message>
        <source>The figures could not be read: {error}</source>
        <translation>No se pudieron leer las cifras: {error}</translation>
    </message>
</context>
<context>
    <name>ui.views.dashboard_cards</name>
    <message>
        <source>This month</source>
        <translation>Este mes</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Mes pasado</translation>
    </message>
    <message>
        <source>Year to date</source>
        <translation>Año hasta la fecha</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>Últimos 12 meses</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Rango personalizado</translation>
    </message>
    <message>
        <source>No active people took part in the period</source>
        <translation>Ninguna persona activa participó en el periodo</translation>
    </message>
    <message>
        <source>{part} of {whole} active person took part</source>
        <translation>{part} de {whole} persona activa participó</translation>
    </message>
    <message>
        <source>{part} of {whole} active people took part</source>
        <translation>{part} de {whole} personas activas participaron</translation>
    </message>
    <message>
        <source>{count} active person</source>
        <translation>{count} persona activa</translation>
    </message>
    <message>
        <source>{count} active people</source>
        <translation>{count} personas activas</translation>
    </message>
    <message>
        <source>No active people in the area</source>
        <translation>No hay personas activas en el área</translation>
    </message>
    <message>
        <source>a year, at this period&apos;s pace</source>
        <translation>al año, al ritmo de este periodo</translation>
    </message>
    <message>
        <source>No idea decided in the period</source>
        <translation>Ninguna idea decidida en el periodo</translation>
    </message>
    <message>
        <source>{part} of {whole} decided were standardised</source>
        <translation>{part} de {whole} decididas se estandarizaron</translation>
    </message>
    <message>
        <source>No idea standardised in the period</source>
        <translation>Ninguna idea estandarizada en el periodo</translation>
    </message>
    <message>
        <source>{count} day</source>
        <translation>{count} día</translation>
    </message>
    <message>
        <source>{count} days</source>
        <translation>{count} días</translation>
    </message>
    <message>
        <source>from submission to standardised</source>
        <translation>desde el envío hasta estandarizada</translation>
    </message>
    <message>
        <source>{amount}, validated actuals</source>
        <translation>{amount}, reales validados</translation>
    </message>
    <message>
        <source>validated actuals</source>
        <translation>reales validados</translation>
    </message>
    <message>
        <source>Do actions past due on {day}</source>
        <translation>Acciones de Hacer vencidas el {day}</translation>
    </message>
    <message>
        <source>{days}+ days in one stage</source>
        <translation>{days}+ días en una etapa</translation>
    </message>
    <message>
        <source>Ideas submitted</source>
        <translation>Ideas enviadas</translation>
    </message>
    <message>
        <source>Ideas created in the period, in the area and the areas below it.</source>
        <translation>Ideas creadas en el periodo, en el área y las áreas que hay debajo.</translation>
    </message>
    <message>
        <source>Ideas per person</source>
        <translation>Ideas por persona</translation>
    </message>
    <message>
        <source>Ideas submitted ÷ active people, scaled to a year (× 365 ÷ days in the period).</source>
        <translation>Ideas enviadas ÷ personas activas, escaladas a un año (× 365 ÷ días del periodo).</translation>
    </message>
    <message>
        <source>Participation</source>
        <translation>Participación</translation>
    </message>
    <message>
        <source>Share of the active people who submitted at least one idea in the period.</source>
        <translation>Proporción de las personas activas que enviaron al menos una idea en el periodo.</translation>
    </message>
    <message>
        <source>Implementation rate</source>
        <translation>Tasa de implantación</translation>
    </message>
    <message>
        <source>Ideas standardised ÷ ideas decided (standardised, abandoned or rejected) in the period. Ideas still running are not counted.</source>
        <translation>Ideas estandarizadas ÷ ideas decididas (estandarizadas, abandonadas o rechazadas) en el periodo. Las ideas aún en curso no cuentan.</translation>
    </message>
    <message>
        <source>Median days to done</source>
        <translation>Mediana de días</translation>
    </message>
    <message>
        <source>The median time from submission to standardised, of the ideas standardised in the period.</source>
        <translation>La mediana del tiempo desde el envío hasta estandarizada, de las ideas estandarizadas en el periodo.</translation>
    </message>
    <message>
        <source>Validated savings</source>
        <translation>Ahorros validados</translation>
    </message>
    <message>
        <source>Validated actual savings of the months the period touches; forecasts and unvalidated amounts never count.</source>
        <translation>Ahorros reales validados de los meses que toca el periodo; las previsiones y los importes sin validar nunca cuentan.</translation>
    </message>
    <message>
        <source>Overdue actions</source>
        <translation>Acciones vencidas</translation>
    </message>
    <message>
        <source>Do actions not done whose due date has passed, on open PDCA cycles.</source>
        <translation>Acciones de Hacer no hechas cuya fecha límite ha pasado, en ciclos PDCA abiertos.</translation>
    </message>
    <message>
        <source>Stalled cards</source>
        <translation>Tarjetas estancadas</translation>
    </message>
    <message>
        <source>Open PDCA cycles that have sat in the same stage for the site&apos;s stale threshold or longer.</source>
        <translation>Ciclos PDCA abiertos que llevan en la misma etapa el umbral de estancamiento del centro o más.</translation>
    </message>
</context>
<context>
    <name>ui.views.ideas</name>
    <message>
        <source>Ideas logged with Quick capture (Ctrl+N) appear here, newest first: what is wrong now and what to change. Supervisors select them here to review them.</source>
        <translation>Las ideas registradas con Captura rápida (Ctrl+N) aparecen aquí, las más nuevas primero: qué falla ahora y qué cambiar. Los supervisores las seleccionan aquí para revisarlas.</translation>
    </message>
    <message>
        <source>New, waiting for review</source>
        <translation>Nueva, esperando revisión</translation>
    </message>
    <message>
        <source>A supervisor is looking at it</source>
        <translation>Un supervisor la está mirando</translation>
    </message>
    <message>
        <source>Running through PDCA</source>
        <translation>En marcha por el PDCA</translation>
    </message>
    <message>
        <source>Closed with a reason</source>
        <translation>Cerrada con un motivo</translation>
    </message>
    <message>
        <source>Done: the new standard</source>
        <translation>Hecha: el nuevo estándar</translation>
    </message>
    <message>
        <source>Stopped after trying</source>
        <translation>Detenida tras probarla</translation>
    </message>
    <message>
        <source>ideas</source>
        <translation>ideas</translation>
    </message>
    <message>
        <source>idea</source>
        <translation>idea</translation>
    </message>
    <message>
        <source>No ideas yet</source>
        <translation>Aún no hay ideas</translation>
    </message>
    <message>
        <source>No ideas match these filters</source>
        <translation>Ninguna idea coincide con estos filtros</translation>
    </message>
    <message>
        <source>Try other words or a wider date range, or clear the filters to see every idea.</source>
        <translation>Prueba otras palabras o un rango de fechas más amplio, o borra los filtros para ver todas las ideas.</translation>
    </message>
    <message>
        <source>Ideas</source>
        <translation>Ideas</translation>
    </message>
    <message>
        <source>Suggestions from the floor, from a first note to a new standard.</source>
        <translation>Sugerencias desde la planta, de una primera nota a un nuevo estándar.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>Cualquiera</translation>
    </message>
    <message>
        <source>Submitted or owned by</source>
        <translation>Enviada por o responsable</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creada</translation>
    </message>
    <message>
        <source>Ideas created</source>
        <translation>Ideas creadas</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>Revisar…</translation>
    </message>
    <message>
        <source>Pick who is working first: supervisors and admins review ideas.</source>
        <translation>Elige primero quién está trabajando: los supervisores y administradores revisan las ideas.</translation>
    </message>
    <message>
        <source>{name} is {role}: only supervisors and admins review ideas.</source>
        <translation>{name} es {role}: solo los supervisores y administradores revisan ideas.</translation>
    </message>
    <message>
        <source>Select one or more ideas first (Shift or Ctrl to pick several, Ctrl+A all).</source>
        <translation>Selecciona primero una o más ideas (Mayús o Ctrl para elegir varias, Ctrl+A todas).</translation>
    </message>
    <message>
        <source>Review at most {limit} ideas at once ({selected} are selected).</source>
        <translation>Revisa como mucho {limit} ideas a la vez ({selected} seleccionadas).</translation>
    </message>
    <message>
        <source>Accept, reject, send back or start the review of the selected ideas (Ctrl+R)</source>
        <translation>Aceptar, rechazar, devolver o empezar la revisión de las ideas seleccionadas (Ctrl+R)</translation>
    </message>
    <message>
        <source>{count} selected</source>
        <translation>{count} seleccionadas</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Cerradas</translation>
    </message>
    <message>
        <source>{count} idea</source>
        <translation>{count} idea</translation>
    </message>
    <message>
        <source>{count} ideas</source>
        <translation>{count} ideas</translation>
    </message>
    <message>
        <source>{count} {status}</source>
        <translation>{count} {status}</translation>
    </message>
    <message>
        <source>No ideas</source>
        <translation>Ninguna idea</translation>
    </message>
    <message>
        <source>Idea #{id}: the detail view is not available in this version.</source>
        <translation>Idea #{id}: la vista de detalle no está disponible en esta versión.</translation>
    </message>
    <message>
        <source>{count} idea reviewed.</source>
        <translation>{count} idea revisada.</translation>
    </message>
    <message>
        <source>{count} ideas reviewed.</source>
        <translation>{count} ideas revisadas.</translation>
    </message>
    <message>
        <source>{count} refused: see the review window for why.</source>
        <translation>{count} rechazadas: mira el motivo en la ventana de revisión.</translation>
    </message>
</context>
<context>
    <name>ui.views.last_dashboard</name>
    <message>
        <source>The dashboard as of {time} today; refreshing…</source>
        <translation>El panel de hoy a las {time}; actualizando…</translation>
    </message>
    <message>
        <source>The dashboard as of {time} {day}; refreshing…</source>
        <translation>El panel del {day} a las {time}; actualizando…</translation>
    </message>
</context>
<context>
    <name>ui.views.list_export</name>
    <message>
        <source>CSV for other programs (*.csv)</source>
        <translation>CSV para otros programas (*.csv)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Libro de Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Write the {items} listed, as filtered and sorted, to a CSV file or an Excel workbook</source>
        <translation>Escribir las {items} de la lista, filtradas y ordenadas, en un archivo CSV o un libro de Excel</translation>
    </message>
    <message>
        <source>Export the {items}</source>
        <translation>Exportar las {items}</translation>
    </message>
    <message>
        <source>Exporting the {items}…</source>
        <translation>Exportando las {items}…</translation>
    </message>
    <message>
        <source>Exporting the {items}… {percent}%</source>
        <translation>Exportando las {items}… {percent}%</translation>
    </message>
    <message>
        <source>Exported {count} {items} to {path}</source>
        <translation>Exportadas {count} {items} a {path}</translation>
    </message>
    <message>
        <source>Cannot write the file: {reason}. Nothing was written.</source>
        <translation>No se puede escribir el archivo: {reason}. No se escribió nada.</translation>
    </message>
    <message>
        <source>The {items} could not be exported</source>
        <translation>No se pudieron exportar las {items}</translation>
    </message>
</context>
<context>
    <name>ui.views.list_filters</name>
    <message>
        <source>Any</source>
        <translation>Cualquiera</translation>
    </message>
    <message>
        <source>Space ticks · Enter closes</source>
        <translation>Espacio marca · Intro cierra</translation>
    </message>
    <message>
        <source>{caption}: {count} of {total}</source>
        <translation>{caption}: {count} de {total}</translation>
    </message>
    <message>
        <source>{caption}: {chosen} (click to choose)</source>
        <translation>{caption}: {chosen} (haz clic para elegir)</translation>
    </message>
    <message>
        <source>any</source>
        <translation>cualquiera</translation>
    </message>
    <message>
        <source>Search {items}  (Ctrl+F)</source>
        <translation>Buscar {items}  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search {items}</source>
        <translation>Buscar {items}</translation>
    </message>
    <message>
        <source>Every word must appear in the text; the last one may be the start of a word</source>
        <translation>Cada palabra debe aparecer en el texto; la última puede ser el comienzo de una palabra</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>Todas las áreas</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>This area and every area below it</source>
        <translation>Esta área y todas las áreas que hay debajo</translation>
    </message>
    <message>
        <source>any day</source>
        <translation>cualquier día</translation>
    </message>
    <message>
        <source>{caption} from</source>
        <translation>{caption} desde</translation>
    </message>
    <message>
        <source>{caption} until</source>
        <translation>{caption} hasta</translation>
    </message>
    <message>
        <source>{what} on or after this day (empty: any day)</source>
        <translation>{what} en este día o después (vacío: cualquier día)</translation>
    </message>
    <message>
        <source>{what} on or before this day (empty: any day)</source>
        <translation>{what} en este día o antes (vacío: cualquier día)</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Borrar filtros</translation>
    </message>
    <message>
        <source>Show everything again</source>
        <translation>Mostrar todo de nuevo</translation>
    </message>
    <message>
        <source>{caption} on or after {day}</source>
        <translation>{caption} el {day} o después</translation>
    </message>
    <message>
        <source>{caption} on or before {day}</source>
        <translation>{caption} el {day} o antes</translation>
    </message>
    <message>
        <source>Remove this filter</source>
        <translation>Quitar este filtro</translation>
    </message>
</context>
<context>
    <name>ui.views.list_page</name>
    <message>
        <source>Pick who is working first</source>
        <translation>Elige primero quién está trabajando</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Borrar filtros</translation>
    </message>
    <message>
        <source>The areas and people could not be read</source>
        <translation>No se pudieron leer las áreas y las personas</translation>
    </message>
    <message>
        <source>The counts could not be read</source>
        <translation>No se pudieron leer los recuentos</translation>
    </message>
    <message>
        <source>The {items} could not be read</source>
        <translation>No se pudieron leer las {items}</translation>
    </message>
</context>
<context>
    <name>ui.views.loading_page</name>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Opening the database and reading the figures…</source>
        <translation>Abriendo la base de datos y leyendo las cifras…</translation>
    </message>
</context>
<context>
    <name>ui.views.measurements</name>
    <message>
        <source>Pick an idea</source>
        <translation>Elige una idea</translation>
    </message>
    <message>
        <source>Accepted and closed ideas are listed on the left. Pick one to see its metrics, whether the change made a real difference, and what it saved.</source>
        <translation>Las ideas aceptadas y cerradas aparecen a la izquierda. Elige una para ver sus métricas, si el cambio marcó una diferencia real y cuánto ahorró.</translation>
    </message>
    <message>
        <source>Measurements</source>
        <translation>Mediciones</translation>
    </message>
    <message>
        <source>Before and after data, and whether the change made a real difference.</source>
        <translation>Datos de antes y después, y si el cambio marcó una diferencia real.</translation>
    </message>
    <message>
        <source>Find an idea (Ctrl+F)</source>
        <translation>Buscar una idea (Ctrl+F)</translation>
    </message>
    <message>
        <source>Find an idea</source>
        <translation>Buscar una idea</translation>
    </message>
    <message>
        <source>Accepted and closed ideas</source>
        <translation>Ideas aceptadas y cerradas</translation>
    </message>
    <message>
        <source>Savings ledger</source>
        <translation>Registro de ahorros</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Métrica</translation>
    </message>
    <message>
        <source>The metric shown: its statistics, charts and samples</source>
        <translation>La métrica mostrada: sus estadísticas, gráficos y muestras</translation>
    </message>
    <message>
        <source>Add metric…</source>
        <translation>Métrica…</translation>
    </message>
    <message>
        <source>Plan…</source>
        <translation>Plan…</translation>
    </message>
    <message>
        <source>Statistics plan</source>
        <translation>Plan estadístico</translation>
    </message>
    <message>
        <source>Add samples</source>
        <translation>Medir</translation>
    </message>
    <message>
        <source>Propose savings…</source>
        <translation>Ahorros…</translation>
    </message>
    <message>
        <source>Before / after</source>
        <translation>Antes / después</translation>
    </message>
    <message>
        <source>Control chart</source>
        <translation>Gráfico de control</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Muestras</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadísticas</translation>
    </message>
    <message>
        <source>Capability</source>
        <translation>Capacidad</translation>
    </message>
    <message>
        <source>Save chart…</source>
        <translation>Guardar…</translation>
    </message>
    <message>
        <source>Save the chart shown as a PNG image or an SVG drawing</source>
        <translation>Guardar el gráfico mostrado como imagen PNG o dibujo SVG</translation>
    </message>
    <message>
        <source>No metric yet</source>
        <translation>Aún no hay métricas</translation>
    </message>
    <message>
        <source>Add what you will measure before and after the change (cycle time, defect rate, throughput…), then its samples; the statistics and charts appear here.</source>
        <translation>Añade qué medirás antes y después del cambio (tiempo de ciclo, tasa de defectos, rendimiento…) y luego sus muestras; las estadísticas y los gráficos aparecen aquí.</translation>
    </message>
    <message>
        <source>Pick who is working first: supervisors and admins record measurements and savings.</source>
        <translation>Elige primero quién está trabajando: los supervisores y administradores registran mediciones y ahorros.</translation>
    </message>
    <message>
        <source>Supervisors and admins record measurements and savings; staff see them read-only.</source>
        <translation>Los supervisores y administradores registran mediciones y ahorros; el personal solo puede verlos.</translation>
    </message>
    <message>
        <source>Pick an idea first.</source>
        <translation>Elige primero una idea.</translation>
    </message>
    <message>
        <source>Add a metric to measure before and after the change</source>
        <translation>Añadir una métrica para medir antes y después del cambio</translation>
    </message>
    <message>
        <source>Pick a metric first.</source>
        <translation>Elige primero una métrica.</translation>
    </message>
    <message>
        <source>The statistics plan: spec limits, the primary test, the control chart and its rules for this metric</source>
        <translation>El plan estadístico: límites de especificación, la prueba principal, el gráfico de control y sus reglas para esta métrica</translation>
    </message>
    <message>
        <source>Type, paste or import samples of this metric</source>
        <translation>Escribir, pegar o importar muestras de esta métrica</translation>
    </message>
    <message>
        <source>See the samples of this metric</source>
        <translation>Ver las muestras de esta métrica</translation>
    </message>
    <message>
        <source>Measure before and after first: the estimate starts from the difference of the means.</source>
        <translation>Mide primero antes y después: la estimación parte de la diferencia de las medias.</translation>
    </message>
    <message>
        <source>Estimate yearly savings from this metric and pre-fill a forecast</source>
        <translation>Estimar los ahorros anuales de esta métrica y rellenar una previsión</translation>
    </message>
    <message>
        <source>The ideas could not be read</source>
        <translation>No se pudieron leer las ideas</translation>
    </message>
    <message>
        <source>No accepted idea yet</source>
        <translation>Aún no hay ideas aceptadas</translation>
    </message>
    <message>
        <source>Ideas appear here once a supervisor accepts them in Ideas. Then measure them before and after the change, and record what they save.</source>
        <translation>Las ideas aparecen aquí cuando un supervisor las acepta en Ideas. Después mídelas antes y después del cambio y registra lo que ahorran.</translation>
    </message>
    <message>
        <source>No accepted or closed idea matches.</source>
        <translation>Ninguna idea aceptada o cerrada coincide.</translation>
    </message>
    <message>
        <source>No accepted idea yet: ideas appear here once a supervisor accepts them.</source>
        <translation>Aún no hay ideas aceptadas: aparecen aquí cuando un supervisor las acepta.</translation>
    </message>
    <message>
        <source>The newest {shown} of {total}; type to find others.</source>
        <translation>Las {shown} más recientes de {total}; escribe para encontrar otras.</translation>
    </message>
    <message>
        <source>{count} accepted or closed idea.</source>
        <translation>{count} idea aceptada o cerrada.</translation>
    </message>
    <message>
        <source>{count} accepted or closed ideas.</source>
        <translation>{count} ideas aceptadas o cerradas.</translation>
    </message>
    <message>
        <source>The idea could not be read</source>
        <translation>No se pudo leer la idea</translation>
    </message>
    <message>
        <source>owner {name}</source>
        <translation>responsable {name}</translation>
    </message>
    <message>
        <source>{before} before, {after} after</source>
        <translation>{before} antes, {after} después</translation>
    </message>
    <message>
        <source>Measurements ({count})</source>
        <translation>Mediciones ({count})</translation>
    </message>
    <message>
        <source>Savings ledger ({count})</source>
        <translation>Registro de ahorros ({count})</translation>
    </message>
    <message>
        <source>The metric could not be read</source>
        <translation>No se pudo leer la métrica</translation>
    </message>
    <message>
        <source>Samples ({count})</source>
        <translation>Muestras ({count})</translation>
    </message>
    <message>
        <source>The latest {before} before and {after} after</source>
        <translation>Las últimas {before} antes y {after} después</translation>
    </message>
    <message>
        <source>{metric} before-after</source>
        <translation>{metric} antes-después</translation>
    </message>
    <message>
        <source>{metric} control chart</source>
        <translation>{metric} gráfico de control</translation>
    </message>
    <message>
        <source>{metric} capability</source>
        <translation>{metric} capacidad</translation>
    </message>
    <message>
        <source>Set the metric&apos;s spec limits to see its capability.</source>
        <translation>Fija los límites de especificación de la métrica para ver su capacidad.</translation>
    </message>
    <message>
        <source>Control chart ({chart})</source>
        <translation>Control ({chart})</translation>
    </message>
</context>
<context>
    <name>ui.views.pdca_board</name>
    <message>
        <source>Pick who is working first: cards are moved by a supervisor or an admin.</source>
        <translation>Elige primero quién está trabajando: las tarjetas las mueve un supervisor o un administrador.</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>Todas las áreas</translation>
    </message>
    <message>
        <source>All owners</source>
        <translation>Todas las personas</translation>
    </message>
    <message>
        <source>PDCA board</source>
        <translation>Tablero PDCA</translation>
    </message>
    <message>
        <source>Accepted ideas moving through Plan, Do, Check and Act.</source>
        <translation>Ideas aceptadas avanzando por Planificar, Hacer, Verificar y Actuar.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>No changes on the board yet</source>
        <translation>Aún no hay cambios en el tablero</translation>
    </message>
    <message>
        <source>Accepted ideas appear here in Plan and move through Do, Check and Act to Done. Accept an idea in Ideas to start its first PDCA cycle.</source>
        <translation>Las ideas aceptadas aparecen aquí en Planificar y pasan por Hacer, Verificar y Actuar hasta Hecho. Acepta una idea en Ideas para empezar su primer ciclo PDCA.</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Borrar filtros</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>Show the cards of this area and the areas below it</source>
        <translation>Mostrar las tarjetas de esta área y de las áreas que hay debajo</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Show the cards owned by this person</source>
        <translation>Mostrar las tarjetas de esta persona</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Mías</translation>
    </message>
    <message>
        <source>Only the cards you own</source>
        <translation>Solo tus tarjetas</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Vencidas</translation>
    </message>
    <message>
        <source>Only the cards with overdue actions</source>
        <translation>Solo las tarjetas con acciones vencidas</translation>
    </message>
    <message>
        <source>Stalled</source>
        <translation>Estancadas</translation>
    </message>
    <message>
        <source>Only the open cards that have waited in their stage for the site&apos;s “stale after” days</source>
        <translation>Solo las tarjetas abiertas que llevan en su etapa los días de «estancada tras» del centro</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Read the board again (F5); it also refreshes by itself when someone else changes it</source>
        <translation>Volver a leer el tablero (F5); también se actualiza solo cuando otra persona lo cambia</translation>
    </message>
    <message>
        <source>Pick who is working first</source>
        <translation>Elige primero quién está trabajando</translation>
    </message>
    <message>
        <source>{name} is {role}: only supervisors and admins move cards on the board. Ask one to move “{title}”.</source>
        <translation>{name} es {role}: solo los supervisores y administradores mueven tarjetas en el tablero. Pide a uno que mueva «{title}».</translation>
    </message>
    <message>
        <source>The board could not be read: {error}</source>
        <translation>No se pudo leer el tablero: {error}</translation>
    </message>
    <message>
        <source>No cards</source>
        <translation>Ninguna tarjeta</translation>
    </message>
    <message>
        <source>Nothing closed this month</source>
        <translation>Nada cerrado este mes</translation>
    </message>
    <message>
        <source>{count} open</source>
        <translation>{count} abiertas</translation>
    </message>
    <message>
        <source>{count} overdue</source>
        <translation>{count} vencidas</translation>
    </message>
    <message>
        <source>{count} done</source>
        <translation>{count} hechas</translation>
    </message>
    <message>
        <source>{open} cards in Plan, Do, Check or Act; {overdue} of them with overdue actions; {done} changes standardised or abandoned this month. Cards turn amber after {ageing} days in a stage and red after {stale} (site settings).</source>
        <translation>{open} tarjetas en Planificar, Hacer, Verificar o Actuar; {overdue} de ellas con acciones vencidas; {done} cambios estandarizados o abandonados este mes. Las tarjetas se vuelven ámbar tras {ageing} días en una etapa y rojas tras {stale} (ajustes del centro).</translation>
    </message>
    <message>
        <source>No cards match these filters</source>
        <translation>Ninguna tarjeta coincide con estos filtros</translation>
    </message>
    <message>
        <source>Try another area or owner, or switch off “Mine”, “Overdue” and “Stalled”.</source>
        <translation>Prueba otra área u otro responsable, o desactiva «Mías», «Vencidas» y «Estancadas».</translation>
    </message>
    <message>
        <source>cycle #{id}</source>
        <translation>ciclo #{id}</translation>
    </message>
    <message>
        <source>“{title}” stays in {stage}: a move back needs a note.</source>
        <translation>«{title}» se queda en {stage}: mover hacia atrás necesita una nota.</translation>
    </message>
    <message>
        <source>Cycle {number} of “{title}” is closed and adapted: cycle {next} starts in Plan, carrying the learning.</source>
        <translation>El ciclo {number} de «{title}» está cerrado y adaptado: el ciclo {next} empieza en Planificar, con lo aprendido.</translation>
    </message>
    <message>
        <source>“{title}” is standardised.</source>
        <translation>«{title}» está estandarizada.</translation>
    </message>
    <message>
        <source>“{title}” is abandoned; its note is shared with the other areas.</source>
        <translation>«{title}» está abandonada; su nota se comparte con las demás áreas.</translation>
    </message>
    <message>
        <source>Moved “{title}” to {stage}.</source>
        <translation>«{title}» movida a {stage}.</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Elige primero quién está trabajando.</translation>
    </message>
    <message>
        <source>Select a card first, then press Ctrl+Right to move it forward or Ctrl+Left to move it back.</source>
        <translation>Selecciona primero una tarjeta y pulsa Ctrl+Right para moverla adelante o Ctrl+Left para moverla atrás.</translation>
    </message>
    <message>
        <source>{stage} is the first stage.</source>
        <translation>{stage} es la primera etapa.</translation>
    </message>
    <message>
        <source>{stage} is the last stage.</source>
        <translation>{stage} es la última etapa.</translation>
    </message>
    <message>
        <source>Open details</source>
        <translation>Abrir detalles</translation>
    </message>
    <message>
        <source>Move to {stage}</source>
        <translation>Mover a {stage}</translation>
    </message>
    <message>
        <source>Move back to {stage}…</source>
        <translation>Devolver a {stage}…</translation>
    </message>
</context>
<context>
    <name>ui.views.people_areas</name>
    <message>
        <source>People &amp; areas</source>
        <translation>Personas y áreas</translation>
    </message>
    <message>
        <source>Who works here, in which role and area; the areas and what an hour costs there.</source>
        <translation>Quién trabaja aquí, con qué rol y en qué área; las áreas y lo que cuesta allí una hora.</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personas</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>Áreas</translation>
    </message>
    <message>
        <source>Recognition</source>
        <translation>Reconocimiento</translation>
    </message>
    <message>
        <source>Site settings…</source>
        <translation>Ajustes del centro…</translation>
    </message>
    <message>
        <source>Search by name (Ctrl+F)</source>
        <translation>Buscar por nombre (Ctrl+F)</translation>
    </message>
    <message>
        <source>Show inactive</source>
        <translation>Mostrar inactivas</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>Añadir persona</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Editar</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Desactivar</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>Fijar PIN</translation>
    </message>
    <message>
        <source>Nobody here yet</source>
        <translation>Aún no hay nadie</translation>
    </message>
    <message>
        <source>People appear here once the site is set up; each has a role, a home area and, for supervisors and admins, a PIN.</source>
        <translation>Las personas aparecen aquí cuando el centro está configurado; cada una tiene un rol, un área de origen y, para supervisores y administradores, un PIN.</translation>
    </message>
    <message>
        <source>Nobody matches</source>
        <translation>Nadie coincide</translation>
    </message>
    <message>
        <source>No one&apos;s name contains what you typed. Clear the search to see everyone.</source>
        <translation>Ningún nombre contiene lo que has escrito. Borra la búsqueda para ver a todos.</translation>
    </message>
    <message>
        <source>Show retired</source>
        <translation>Mostrar retiradas</translation>
    </message>
    <message>
        <source>Add area</source>
        <translation>Añadir área</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>Retirar</translation>
    </message>
    <message>
        <source>No areas yet</source>
        <translation>Aún no hay áreas</translation>
    </message>
    <message>
        <source>Areas are where work happens: a site, its departments and their lines or cells. Add the site first.</source>
        <translation>Las áreas son donde se trabaja: un centro, sus departamentos y sus líneas o células. Añade primero el centro.</translation>
    </message>
    <message>
        <source>People and areas could not be read: {reason}</source>
        <translation>No se pudieron leer las personas y las áreas: {reason}</translation>
    </message>
    <message>
        <source>{count} person</source>
        <translation>{count} persona</translation>
    </message>
    <message>
        <source>{count} people</source>
        <translation>{count} personas</translation>
    </message>
    <message>
        <source>{count} inactive</source>
        <translation>{count} inactivas</translation>
    </message>
    <message>
        <source>{count} shown</source>
        <translation>{count} mostradas</translation>
    </message>
    <message>
        <source>{count} area</source>
        <translation>{count} área</translation>
    </message>
    <message>
        <source>{count} areas</source>
        <translation>{count} áreas</translation>
    </message>
    <message>
        <source>{count} retired</source>
        <translation>{count} retiradas</translation>
    </message>
    <message>
        <source>{count} retired (hidden)</source>
        <translation>{count} retiradas (ocultas)</translation>
    </message>
    <message>
        <source>site default {rate} per hour</source>
        <translation>tarifa del centro {rate} por hora</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Reactivar</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restaurar</translation>
    </message>
    <message>
        <source>Add a person ({shortcut})</source>
        <translation>Añadir una persona ({shortcut})</translation>
    </message>
    <message>
        <source>Edit the selected person (Enter or double-click)</source>
        <translation>Editar la persona seleccionada (Intro o doble clic)</translation>
    </message>
    <message>
        <source>Bring the selected person back</source>
        <translation>Recuperar la persona seleccionada</translation>
    </message>
    <message>
        <source>Deactivate the selected person: their history stays, they can no longer be picked as who is working</source>
        <translation>Desactivar la persona seleccionada: su historial se conserva, ya no se puede elegir como quien trabaja</translation>
    </message>
    <message>
        <source>Set or replace the selected person&apos;s PIN</source>
        <translation>Fijar o sustituir el PIN de la persona seleccionada</translation>
    </message>
    <message>
        <source>Add an area under the selected one ({shortcut})</source>
        <translation>Añadir un área debajo de la seleccionada ({shortcut})</translation>
    </message>
    <message>
        <source>Add the site, the top of the tree ({shortcut})</source>
        <translation>Añadir el centro, la raíz del árbol ({shortcut})</translation>
    </message>
    <message>
        <source>Edit the selected area (Enter or double-click)</source>
        <translation>Editar el área seleccionada (Intro o doble clic)</translation>
    </message>
    <message>
        <source>Bring the selected area back</source>
        <translation>Recuperar el área seleccionada</translation>
    </message>
    <message>
        <source>Retire the selected area: its history stays, it can no longer be picked</source>
        <translation>Retirar el área seleccionada: su historial se conserva, ya no se puede elegir</translation>
    </message>
    <message>
        <source>Site name, currency, default hourly rate and board thresholds</source>
        <translation>Nombre del centro, moneda, tarifa por hora por defecto y umbrales del tablero</translation>
    </message>
    <message>
        <source>{tip} (select one first)</source>
        <translation>{tip} (selecciona uno primero)</translation>
    </message>
    <message>
        <source>Pick who is working first: changes are made in their name.</source>
        <translation>Elige primero quién está trabajando: los cambios se hacen en su nombre.</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>{name} guardado.</translation>
    </message>
    <message>
        <source>{name} has a new PIN.</source>
        <translation>{name} tiene un PIN nuevo.</translation>
    </message>
    <message>
        <source>{name} is active again and can be picked as who is working.</source>
        <translation>{name} vuelve a estar activa y se puede elegir como quien trabaja.</translation>
    </message>
    <message>
        <source>{name} is deactivated: their history stays, and they can no longer be picked as who is working. Reactivate to undo.</source>
        <translation>{name} está desactivada: su historial se conserva y ya no se puede elegir como quien trabaja. Reactivar lo deshace.</translation>
    </message>
    <message>
        <source>Saved {area}.</source>
        <translation>{area} guardada.</translation>
    </message>
    <message>
        <source>{area} is back in use.</source>
        <translation>{area} vuelve a estar en uso.</translation>
    </message>
    <message>
        <source>{area} is retired: its history stays, and it can no longer be picked for new work. Restore to undo.</source>
        <translation>{area} está retirada: su historial se conserva y ya no se puede elegir para trabajo nuevo. Restaurar lo deshace.</translation>
    </message>
    <message>
        <source>Site settings saved.</source>
        <translation>Ajustes del centro guardados.</translation>
    </message>
</context>
<context>
    <name>ui.views.process_maps</name>
    <message>
        <source>Blank map</source>
        <translation>Mapa en blanco</translation>
    </message>
    <message>
        <source>Manufacturing line</source>
        <translation>Línea de fabricación</translation>
    </message>
    <message>
        <source>Patient flow (primary care to hospital)</source>
        <translation>Flujo de pacientes (de atención primaria al hospital)</translation>
    </message>
    <message>
        <source>Process maps</source>
        <translation>Mapas de proceso</translation>
    </message>
    <message>
        <source>Map a process step by step, see its waste and value stream, and compare a future state with the current one.</source>
        <translation>Mapea un proceso paso a paso, ve su despilfarro y su flujo de valor y compara un estado futuro con el actual.</translation>
    </message>
    <message>
        <source>New process name</source>
        <translation>Nombre del nuevo proceso</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Crear</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Proceso</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>New process</source>
        <translation>Nuevo proceso</translation>
    </message>
    <message>
        <source>No process mapped yet</source>
        <translation>Aún no hay ningún proceso mapeado</translation>
    </message>
    <message>
        <source>Name a process above, pick a template (blank, a manufacturing line or patient flow) and press Create. Then add steps, connect them and save.</source>
        <translation>Pon nombre a un proceso arriba, elige una plantilla (en blanco, una línea de fabricación o flujo de pacientes) y pulsa Crear. Después añade pasos, conéctalos y guarda.</translation>
    </message>
    <message>
        <source>Current vs future</source>
        <translation>Actual vs. futuro</translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <source>This map has changes that are not saved. Discard them?</source>
        <translation>Este mapa tiene cambios sin guardar. ¿Descartarlos?</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Elige primero quién está trabajando.</translation>
    </message>
    <message>
        <source>Created {name}.</source>
        <translation>{name} creado.</translation>
    </message>
    <message>
        <source>Something went wrong: {error}</source>
        <translation>Algo ha fallado: {error}</translation>
    </message>
</context>
<context>
    <name>ui.views.process_signals</name>
    <message>
        <source>Process signals</source>
        <translation>Señales del proceso</translation>
    </message>
    <message>
        <source>{process}: Improvement not holding</source>
        <translation>{process}: la mejora no se mantiene</translation>
    </message>
    <message>
        <source>{process}: New bottleneck</source>
        <translation>{process}: nuevo cuello de botella</translation>
    </message>
    <message>
        <source>Open the process&apos;s KPI series</source>
        <translation>Abrir la serie de KPI del proceso</translation>
    </message>
</context>
<context>
    <name>ui.views.recognition_tab</name>
    <message>
        <source>Recognition is turned off in Site settings.</source>
        <translation>El reconocimiento está desactivado en Ajustes del centro.</translation>
    </message>
    <message>
        <source>Ideas implemented</source>
        <translation>Ideas implantadas</translation>
    </message>
    <message>
        <source>Validated savings</source>
        <translation>Ahorros validados</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <source>Recognition by person</source>
        <translation>Reconocimiento por persona</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>Recognition by area</source>
        <translation>Reconocimiento por área</translation>
    </message>
    <message>
        <source>By person</source>
        <translation>Por persona</translation>
    </message>
    <message>
        <source>By area</source>
        <translation>Por área</translation>
    </message>
    <message>
        <source>Ideas standardised from {start} to {end}: each counts for the person who suggested it and the one who carried it through, with the savings validated in those months.</source>
        <translation>Ideas estandarizadas del {start} al {end}: cada una cuenta para la persona que la propuso y para la que la llevó a cabo, con los ahorros validados en esos meses.</translation>
    </message>
    <message>
        <source>Recognition could not be read: {reason}</source>
        <translation>No se pudo leer el reconocimiento: {reason}</translation>
    </message>
</context>
<context>
    <name>ui.views.reports</name>
    <message>
        <source>PDF report</source>
        <translation>Informe PDF</translation>
    </message>
    <message>
        <source>A4 pages: figures, charts, tables.</source>
        <translation>Páginas A4: cifras, gráficos, tablas.</translation>
    </message>
    <message>
        <source>Excel workbook</source>
        <translation>Libro de Excel</translation>
    </message>
    <message>
        <source>A sheet per section, ready to filter.</source>
        <translation>Una hoja por sección, lista para filtrar.</translation>
    </message>
    <message>
        <source>CSV files (zip)</source>
        <translation>Archivos CSV (zip)</translation>
    </message>
    <message>
        <source>Ledger and changes, for other tools.</source>
        <translation>Registro y cambios, para otras herramientas.</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Informes</translation>
    </message>
    <message>
        <source>The monthly picture of ideas, savings and waste, to print, mail or analyse.</source>
        <translation>La imagen mensual de ideas, ahorros y despilfarro, para imprimir, enviar o analizar.</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>Todas las áreas</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <source>The folder the report is saved in</source>
        <translation>La carpeta donde se guarda el informe</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>Save in</source>
        <translation>Guardar en</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <source>Write the report (Ctrl+E)</source>
        <translation>Escribir el informe (Ctrl+E)</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Abrir carpeta</translation>
    </message>
    <message>
        <source>Preview of the first page</source>
        <translation>Vista previa de la primera página</translation>
    </message>
    <message>
        <source>Drawing the preview…</source>
        <translation>Dibujando la vista previa…</translation>
    </message>
    <message>
        <source>Nothing to report yet</source>
        <translation>Aún no hay nada que informar</translation>
    </message>
    <message>
        <source>Nothing has been recorded this year in this area: the report fills in as ideas, waste walks, PDCA cycles and savings are logged. It can still be exported.</source>
        <translation>Este año no se ha registrado nada en esta área: el informe se llena a medida que se registran ideas, rondas de despilfarro, ciclos PDCA y ahorros. Aun así se puede exportar.</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>Archivo: {name}</translation>
    </message>
    <message>
        <source>The preview could not be drawn: {error}</source>
        <translation>No se pudo dibujar la vista previa: {error}</translation>
    </message>
    <message>
        <source>Save reports in</source>
        <translation>Guardar informes en</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist; pick another.</source>
        <translation>La carpeta {folder} no existe; elige otra.</translation>
    </message>
    <message>
        <source>Writing {name}…</source>
        <translation>Escribiendo {name}…</translation>
    </message>
    <message>
        <source>Saved {name} in {folder}</source>
        <translation>{name} guardado en {folder}</translation>
    </message>
    <message>
        <source>The report was not written: {error}</source>
        <translation>No se escribió el informe: {error}</translation>
    </message>
    <message>
        <source>No file manager could open the folder. The report is saved as {path}</source>
        <translation>Ningún gestor de archivos pudo abrir la carpeta. El informe está guardado como {path}</translation>
    </message>
</context>
<context>
    <name>ui.views.waste_walk</name>
    <message>
        <source>Record the waste you see on a walk with Log waste (Ctrl+W): which of the seven wastes, where and how often. Each one is priced in time and money a year, and can become an idea.</source>
        <translation>Registra el despilfarro que ves en una ronda con Registrar despilfarro (Ctrl+W): cuál de los siete despilfarros, dónde y con qué frecuencia. Cada uno se valora en tiempo y dinero al año y puede convertirse en una idea.</translation>
    </message>
    <message>
        <source>observations</source>
        <translation>observaciones</translation>
    </message>
    <message>
        <source>observation</source>
        <translation>observación</translation>
    </message>
    <message>
        <source>No waste observations yet</source>
        <translation>Aún no hay observaciones</translation>
    </message>
    <message>
        <source>No observations match these filters</source>
        <translation>Ninguna observación coincide con estos filtros</translation>
    </message>
    <message>
        <source>Try other words, another waste or a wider date range, or clear the filters.</source>
        <translation>Prueba otras palabras, otro despilfarro o un rango de fechas más amplio, o borra los filtros.</translation>
    </message>
    <message>
        <source>Waste walk</source>
        <translation>Ronda de despilfarro</translation>
    </message>
    <message>
        <source>What people see on the floor, sorted by the seven Lean wastes.</source>
        <translation>Lo que la gente ve en la planta, ordenado por los siete despilfarros Lean.</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>Despilfarro</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>Cualquiera</translation>
    </message>
    <message>
        <source>Seen by</source>
        <translation>Vista por</translation>
    </message>
    <message>
        <source>Seen</source>
        <translation>Vista</translation>
    </message>
    <message>
        <source>Observations made</source>
        <translation>Observaciones hechas</translation>
    </message>
    <message>
        <source>Waste observations</source>
        <translation>Observaciones</translation>
    </message>
    <message>
        <source>Turn into idea</source>
        <translation>Convertir en idea</translation>
    </message>
    <message>
        <source>Pick who is working first: the new idea is logged in their name.</source>
        <translation>Elige primero quién está trabajando: la nueva idea se registra a su nombre.</translation>
    </message>
    <message>
        <source>Select one observation to turn into an idea.</source>
        <translation>Selecciona una observación para convertirla en idea.</translation>
    </message>
    <message>
        <source>The observation is still being read.</source>
        <translation>La observación aún se está leyendo.</translation>
    </message>
    <message>
        <source>This observation already led to idea #{id}.</source>
        <translation>Esta observación ya dio lugar a la idea #{id}.</translation>
    </message>
    <message>
        <source>An idea is being made from the observation.</source>
        <translation>Se está creando una idea a partir de la observación.</translation>
    </message>
    <message>
        <source>Make an idea from this observation, carrying its text, area, waste and yearly cost over (Ctrl+I)</source>
        <translation>Crear una idea a partir de esta observación, con su texto, área, despilfarro y coste anual (Ctrl+I)</translation>
    </message>
    <message>
        <source>No observations</source>
        <translation>Ninguna observación</translation>
    </message>
    <message>
        <source>{count} observation</source>
        <translation>{count} observación</translation>
    </message>
    <message>
        <source>{count} observations</source>
        <translation>{count} observaciones</translation>
    </message>
    <message>
        <source>{count} {waste}</source>
        <translation>{count} {waste}</translation>
    </message>
    <message>
        <source>{count} turned into ideas</source>
        <translation>{count} convertidas en ideas</translation>
    </message>
    <message>
        <source>Observation #{id}: the detail view is not available in this version.</source>
        <translation>Observación #{id}: la vista de detalle no está disponible en esta versión.</translation>
    </message>
    <message>
        <source>Idea #{id} “{title}” was made from the observation, with its yearly cost as the expected savings.</source>
        <translation>La idea #{id} «{title}» se creó a partir de la observación, con su coste anual como ahorro esperado.</translation>
    </message>
</context>
<context>
    <name>ui.who_picker</name>
    <message>
        <source>Nobody yet</source>
        <translation>Nadie todavía</translation>
    </message>
    <message>
        <source>Nobody (sign out)</source>
        <translation>Nadie (cerrar sesión)</translation>
    </message>
    <message>
        <source>Admins confirm who they are. Enter your PIN to continue.</source>
        <translation>Los administradores confirman quiénes son. Introduce tu PIN para continuar.</translation>
    </message>
    <message>
        <source>Supervisors confirm who they are. Enter your PIN to continue.</source>
        <translation>Los supervisores confirman quiénes son. Introduce tu PIN para continuar.</translation>
    </message>
    <message>
        <source>Confirm it is you</source>
        <translation>Confirma que eres tú</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Confirmar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Enter your PIN.</source>
        <translation>Introduce tu PIN.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <source>The PIN could not be checked: {error}</source>
        <translation>No se pudo comprobar el PIN: {error}</translation>
    </message>
    <message>
        <source>Who is working</source>
        <translation>Quién trabaja</translation>
    </message>
    <message>
        <source>Who is working at this computer?</source>
        <translation>¿Quién trabaja en este ordenador?</translation>
    </message>
    <message>
        <source>Type to narrow the list</source>
        <translation>Escribe para filtrar la lista</translation>
    </message>
    <message>
        <source>Switch</source>
        <translation>Cambiar</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Cambiar…</translation>
    </message>
    <message>
        <source>Change who is working at this computer ({shortcut}); supervisors and admins confirm with their PIN</source>
        <translation>Cambiar quién trabaja en este ordenador ({shortcut}); supervisores y administradores confirman con su PIN</translation>
    </message>
    <message>
        <source>Change who is working</source>
        <translation>Cambiar quién trabaja</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
</context>
<context>
    <name>ui.widgets.choices</name>
    <message>
        <source>{area} (retired)</source>
        <translation>{area} (retirada)</translation>
    </message>
</context>
<context>
    <name>ui.widgets.dates</name>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>No date</source>
        <translation>Sin fecha</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Type a date such as 2027-01-31 or 31 Jan 2027, or pick one (Alt+Down); leave it empty for no date</source>
        <translation>Escribe una fecha como 31/1/2027 o 2027-01-31, o elige una (Alt+Abajo); déjala vacía para no poner fecha</translation>
    </message>
    <message>
        <source>Pick from a calendar (Alt+Down)</source>
        <translation>Elegir en un calendario (Alt+Abajo)</translation>
    </message>
    <message>
        <source>{label}: &quot;{text}&quot; is not a date. Type it as 2027-01-31 or 31 Jan 2027, or pick it from the calendar.</source>
        <translation>{label}: «{text}» no es una fecha. Escríbela como 31/1/2027 o 2027-01-31, o elígela en el calendario.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Momento</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>Time of day (24-hour)</source>
        <translation>Hora del día (24 horas)</translation>
    </message>
    <message>
        <source>{label} needs a day.</source>
        <translation>{label} necesita un día.</translation>
    </message>
</context>
<context>
    <name>ui.widgets.form</name>
    <message>
        <source>Cannot reach the database server: nothing was saved. Your entry is kept — Retry?</source>
        <translation>No se puede conectar con el servidor de base de datos: no se guardó nada. Tu entrada se conserva. ¿Reintentar?</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
</context>
<context>
    <name>ui.widgets.idea_links</name>
    <message>
        <source>#123 opens idea 123: click it (Ctrl+click while editing), or Alt+Enter on it</source>
        <translation>#123 abre la idea 123: haz clic (Ctrl+clic al editar) o pulsa Alt+Intro sobre ella</translation>
    </message>
    <message>
        <source>Ideas mentioned:</source>
        <translation>Ideas mencionadas:</translation>
    </message>
</context>
<context>
    <name>ui.widgets.keyed_buttons</name>
    <message>
        <source>{name}: 1 {low} … 5 {high} (keys 1–5 or arrows)</source>
        <translation>{name}: 1 {low} … 5 {high} (teclas 1–5 o flechas)</translation>
    </message>
    <message>
        <source>1 {low} to 5 {high}</source>
        <translation>de 1 {low} a 5 {high}</translation>
    </message>
</context>
<context>
    <name>ui.widgets.message_bar</name>
    <message>
        <source>Close this message (Esc)</source>
        <translation>Cerrar este mensaje (Esc)</translation>
    </message>
</context>
<context>
    <name>ui.widgets.numbers</name>
    <message>
        <source>{label} must be a number, like 12 or 2.5.</source>
        <translation>{label}: escribe un número, como 12 o 2,5.</translation>
    </message>
</context>
<context>
    <name>ui.widgets.photo_strip</name>
    <message>
        <source>Photos ({patterns})</source>
        <translation>Fotos ({patterns})</translation>
    </message>
    <message>
        <source>Photo {name}</source>
        <translation>Foto {name}</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <source>Remove {name} (Delete)</source>
        <translation>Quitar {name} (Supr)</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>Quitar {name}</translation>
    </message>
    <message>
        <source>Drop photos here, or</source>
        <translation>Suelta fotos aquí, o</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>Añadir fotos…</translation>
    </message>
    <message>
        <source>Choose photos from this computer (Ctrl+P)</source>
        <translation>Elegir fotos de este ordenador (Ctrl+P)</translation>
    </message>
    <message>
        <source>JPEG, PNG, WebP or GIF · up to {megabytes} MB each · {count} at most</source>
        <translation>JPEG, PNG, WebP o GIF · hasta {megabytes} MB cada una · {count} como máximo</translation>
    </message>
    <message>
        <source>No photos</source>
        <translation>Sin fotos</translation>
    </message>
    <message>
        <source>At most {count} photos: {names} was not added.</source>
        <translation>{count} fotos como máximo: {names} no se añadió.</translation>
    </message>
    <message>
        <source>At most {count} photos: {names} were not added.</source>
        <translation>{count} fotos como máximo: {names} no se añadieron.</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>Añadir fotos</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Only files on this computer can be added.</source>
        <translation>Solo se pueden añadir archivos de este ordenador.</translation>
    </message>
    <message>
        <source>{name}: this photo is already added.</source>
        <translation>{name}: esta foto ya está añadida.</translation>
    </message>
    <message>
        <source>{name}: the file could not be read ({error}).</source>
        <translation>{name}: no se pudo leer el archivo ({error}).</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
    <message>
        <source>{size} KB</source>
        <translation>{size} KB</translation>
    </message>
</context>
</TS>
