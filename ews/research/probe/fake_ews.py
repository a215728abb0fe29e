"""Throw-away probe: minimal EWS stand-in to observe exchangelib 4.9.0 (research only)."""
import base64, copy, itertools, os, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from lxml import etree

S = "http://schemas.xmlsoap.org/soap/envelope/"
M = "http://schemas.microsoft.com/exchange/services/2006/messages"
T = "http://schemas.microsoft.com/exchange/services/2006/types"
LOG = sys.argv[2] if len(sys.argv) > 2 else "log"
os.makedirs(LOG, exist_ok=True)
SCHEMA = etree.XMLSchema(etree.parse("/work/shared/fixtures/ews/schema/ews-validate.xsd"))
seq = itertools.count(1)
items = {}      # id -> dict(elem=CalendarItem element, ck=int)
ids = itertools.count(1)
FAULTS = []     # queue of ("busy", ms) injected by test
HDR = os.environ.get("HDR") or ('<s:Header><h:ServerVersionInfo xmlns:h="%s" MajorVersion="15" MinorVersion="1" '
       'MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11"/></s:Header>' % T)

def q(ns, n): return "{%s}%s" % (ns, n)

def env(body_xml):
    return ('<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="%s" xmlns:m="%s" xmlns:t="%s">%s'
            '<s:Body>%s</s:Body></s:Envelope>' % (S, M, T, HDR, body_xml)).encode()

def ok(op, inner=""):
    return ('<m:%sResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>%s'
            '</m:%sResponseMessage>' % (op, inner, op))

def err(op, code, text):
    return ('<m:%sResponseMessage ResponseClass="Error"><m:MessageText>%s</m:MessageText>'
            '<m:ResponseCode>%s</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>'
            '</m:%sResponseMessage>' % (op, text, code, op))

def wrap(op, msgs):
    return '<m:%sResponse><m:ResponseMessages>%s</m:ResponseMessages></m:%sResponse>' % (op, "".join(msgs), op)

def idattr(i): return 'Id="%s" ChangeKey="CK%d"' % (i, items[i]["ck"])

FOLDERS = {"root": ('<t:Folder><t:FolderId Id="F-root" ChangeKey="AQ"/><t:DisplayName>Root</t:DisplayName></t:Folder>'),
           "calendar": ('<t:CalendarFolder><t:FolderId Id="F-cal" ChangeKey="AQ"/>'
                        '<t:ParentFolderId Id="F-root" ChangeKey="AQ"/><t:FolderClass>IPF.Appointment</t:FolderClass>'
                        '<t:DisplayName>Calendar</t:DisplayName><t:TotalCount>%d</t:TotalCount>'
                        '<t:ChildFolderCount>0</t:ChildFolderCount></t:CalendarFolder>')}

def item_xml(i, full):
    e = items[i]["elem"]
    out = ['<t:CalendarItem><t:ItemId %s/>' % idattr(i)]
    if full:
        out.append('<t:ParentFolderId Id="F-cal" ChangeKey="AQ"/>')
        for c in e:
            out.append(etree.tostring(c).decode())
    out.append('</t:CalendarItem>')
    return "".join(out)

def resolve_item(el):
    if el.tag == q(T, "ItemId"): return el.get("Id"), None
    if el.tag == q(T, "OccurrenceItemId"): return el.get("RecurringMasterId"), int(el.get("InstanceIndex"))
    if el.tag == q(T, "RecurringMasterItemId"): return el.get("OccurrenceId"), None
    return None, None

def handle(op, req):
    if op == "GetFolder":
        msgs = []
        for f in req.find(q(M, "FolderIds")):
            fid = f.get("Id")
            if fid in ("root", "F-root"): msgs.append(ok(op, "<m:Folders>%s</m:Folders>" % FOLDERS["root"]))
            elif fid in ("calendar", "F-cal"): msgs.append(ok(op, "<m:Folders>%s</m:Folders>" % (FOLDERS["calendar"] % len(items))))
            else: msgs.append(err(op, "ErrorFolderNotFound", "The specified folder could not be found in the store."))
        return wrap(op, msgs)
    if op == "CreateItem":
        msgs = []
        for ci in req.find(q(M, "Items")):
            i = "I-%d" % next(ids)
            items[i] = dict(elem=copy.deepcopy(ci), ck=1)
            msgs.append(ok(op, "<m:Items>%s</m:Items>" % item_xml(i, False)))
        return wrap(op, msgs)
    if op == "GetItem":
        msgs = []
        for el in req.find(q(M, "ItemIds")):
            i, idx = resolve_item(el)
            if i in items: msgs.append(ok(op, "<m:Items>%s</m:Items>" % item_xml(i, True)))
            else: msgs.append(err(op, "ErrorItemNotFound", "The specified object was not found in the store."))
        return wrap(op, msgs)
    if op == "FindItem":
        ids_ = sorted(items)
        inner = "".join(item_xml(i, req.find(q(M, "ItemShape")).find(q(T, "AdditionalProperties")) is not None) for i in ids_)
        view = req.find(q(M, "IndexedPageItemView"))
        extra = ' IndexedPagingOffset="%d"' % len(ids_) if view is not None else ""
        return wrap(op, [ok(op, '<m:RootFolder%s TotalItemsInView="%d" IncludesLastItemInRange="true"><t:Items>%s</t:Items></m:RootFolder>' % (extra, len(ids_), inner))])
    if op == "UpdateItem":
        msgs = []
        for ch in req.find(q(M, "ItemChanges")):
            i, idx = resolve_item(ch[0])
            if i not in items:
                msgs.append(err(op, "ErrorItemNotFound", "not found")); continue
            items[i]["ck"] += 1
            msgs.append(ok(op, "<m:Items>%s</m:Items><m:ConflictResults><m:Count>0</m:Count></m:ConflictResults>" % item_xml(i, False)))
        return wrap(op, msgs)
    if op == "DeleteItem":
        msgs = []
        for el in req.find(q(M, "ItemIds")):
            i, idx = resolve_item(el)
            if i in items:
                if idx is None: del items[i]
                msgs.append(ok(op))
            else: msgs.append(err(op, "ErrorItemNotFound", "not found"))
        return wrap(op, msgs)
    return None

BUSY = ('<s:Fault><faultcode xmlns:a="%s">a:ErrorServerBusy</faultcode><faultstring xml:lang="en-US">The server cannot '
        'service this request right now. Try again later.</faultstring><detail><e:ResponseCode xmlns:e='
        '"http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy</e:ResponseCode><e:Message '
        'xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">The server cannot service this request '
        'right now. Try again later.</e:Message><t:MessageXml><t:Value Name="BackOffMilliseconds">%d</t:Value>'
        '</t:MessageXml></detail></s:Fault>')

class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def send(self, code, body, extra=()):
        self.send_response(code)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra: self.send_header(k, v)
        self.end_headers(); self.wfile.write(body)
    def do_POST(self):
        n = next(seq)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Basic ") or base64.b64decode(auth[6:]) != b"alice@example.com:secret":
            return self.send(401, b"", [("WWW-Authenticate", 'Basic realm="ews"')])
        doc = etree.fromstring(body)
        op = etree.QName(doc.find(q(S, "Body"))[0]).localname
        valid = SCHEMA.validate(doc)
        with open(os.path.join(LOG, "%03d-%s.xml" % (n, op)), "wb") as f:
            f.write(b"<!-- headers: " + repr({k: v for k, v in self.headers.items() if k.lower() != "authorization"}).encode()
                    + b" XSD " + (b"OK" if valid else str(SCHEMA.error_log.last_error).encode()) + b" -->\n")
            f.write(etree.tostring(doc, pretty_print=True))
        print("REQ %03d %s xsd=%s %s" % (n, op, "OK" if valid else "FAIL", "" if valid else SCHEMA.error_log.last_error), flush=True)
        if FAULTS:
            kind, ms = FAULTS.pop(0)
            if kind == "busy": return self.send(500, env(BUSY % (T, ms)))
            if kind == "busyclose": return self.send(500, env(BUSY % (T, ms)), [("Connection", "close")])
            if kind == "busymsg": return self.send(200, env(wrap(op, [err(op, "ErrorServerBusy", "busy")])))
            if kind == "invalidreq": return self.send(200, env(wrap(op, [err(op, "ErrorInvalidRequest", "bad")])))
            if kind == "s503": return self.send(503, b"busy", [("Retry-After", "1")])
        out = handle(op, doc.find(q(S, "Body"))[0])
        if out is None:
            return self.send(500, env('<s:Fault><faultcode>s:Client</faultcode><faultstring>unsupported %s</faultstring></s:Fault>' % op))
        resp = env(out)
        rdoc = etree.fromstring(resp)
        if not SCHEMA.validate(rdoc):
            print("   RESP %s xsd=FAIL %s" % (op, SCHEMA.error_log.last_error), flush=True)
        self.send(200, resp)
    def do_GET(self):
        if self.path.startswith("/mark/"):
            print("--- " + self.path, flush=True)
        if self.path.startswith("/fault/"):
            _, _, kind, ms = self.path.split("/")
            FAULTS.append((kind, int(ms)))
        self.send(200, b"ok")

if __name__ == "__main__":
    srv = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H)
    print("listening", flush=True)
    srv.serve_forever()
