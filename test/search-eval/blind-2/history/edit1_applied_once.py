# ALREADY APPLIED ONCE to src/notes_*.txt during writing (trimming over-full topics, normalising author format). Do not rerun.
# one-off source edit (trimming + author normalisation); kept for transparency
import glob, re
DELETE = {("b2p37","2012-02-13"),("b2p08","2022-06-13"),("b2p01","2020-04-20"),("b2p14","2017-08-28"),
 ("b2p35","2020-03-23"),("b2p03","2018-09-10"),("b2p37","2015-06-01"),("b2p28","2018-04-02"),("b2p33","2024-04-08"),
 ("b2p24","2014-02-03"),("b2p27","2017-05-15"),("b2p17","2012-08-20"),("b2p26","2016-03-21"),
 ("b2p15","2020-11-30"),("b2p15","2006-03-06"),("b2p31","2017-10-02"),("b2p06","2024-09-09"),("b2p40","2025-05-05"),
 ("b2p23","2016-11-07"),("b2p22","2015-06-22"),("b2p03","2022-04-04"),
 ("b2p14","2003-02-10"),("b2p14","2012-01-09"),("b2p14","2014-10-20"),("b2p14","2021-11-22"),
 ("b2p38","2012-07-20"),("b2p38","2017-03-06"),("b2p38","2020-10-26"),("b2p38","2024-01-08"),("b2p38","2007-11-12"),
 ("b2p30","2000-09-04"),("b2p30","2008-03-17"),("b2p20","2008-11-03"),("b2p09","2023-05-08"),
 ("b2p39","2013-04-15"),("b2p24","2013-01-14"),("b2p30","2015-06-08"),("b2p14","2011-04-04"),("b2p38","2015-09-14"),
 ("b2p30","2013-09-02"),
 ("b2p16","2016-08-08"),("b2p16","2005-06-13"),("b2p33","2014-10-06"),("b2p07","2015-09-07"),("b2p27","2000-02-14"),
 ("b2p12","2023-02-27"),
 ("b2p19","2015-03-09"),("b2p19","2017-06-12"),("b2p24","2014-05-26"),("b2p32","2011-06-06"),
 ("b2p35","2021-06-14"),("b2p40","2022-01-24"),("b2p23","2019-08-19"),
}
ROLE_PREFIX = ["Psykiatrisk sykepleier","Sykehjemslege","Sykepleier","Overlege","Psykolog","Psykiater","Jordmor",
 "Onkolog","Nevrolog","ØNH-lege","Audiograf","Audiopedagog","Lungelege","Kardiolog","Ortoped","Urolog","Lege",
 "Kirurg","Saksbehandler","Hjelpepleier","Avdelingsleder","Geriater"]
def fix_author(a):
    m = re.match(r"Legevakt v/ (.+?), lege$", a)
    if m: return f"{m.group(1)}, lege legevakten"
    for r in ROLE_PREFIX:
        if a.startswith(r + " "):
            rest = a[len(r)+1:]
            name, _, place = rest.partition(", ")
            return f"{name}, {r.lower()}" + (f" {place}" if place else "")
    return a
seen = set()
for fn in sorted(glob.glob("notes_*.txt")):
    out = []
    for line in open(fn, encoding="utf-8"):
        if line.startswith("#") or not line.strip(): out.append(line); continue
        p = line.rstrip("\n").split("|")
        k = (p[0], p[1][:10])
        if k in DELETE: seen.add(k); continue
        p[2] = fix_author(p[2])
        out.append("|".join(p) + "\n")
    open(fn, "w", encoding="utf-8").writelines(out)
print("deleted", len(seen), "of", len(DELETE), "missing:", DELETE - seen)
